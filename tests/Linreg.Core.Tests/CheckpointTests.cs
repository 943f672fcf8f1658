using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class CheckpointTests
{
    private static readonly Dataset Seed = new("seed", ["x"], "y", [1, 2, 3], [2, 4, 6]);

    private sealed class CancelAt(CancellationTokenSource source, int epoch) : ITrainingObserver
    {
        public bool WantsStep(int e) => e == epoch;

        public void OnStep(in StepReport report) => source.Cancel();
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Float64)]
    public void An_interrupted_run_resumed_from_its_checkpoint_ends_bit_for_bit_where_an_uninterrupted_one_does(DataType dtype)
    {
        using var temp = new TempFolder();
        var path = temp.File("ck.json");
        var settings = new TrainSettings { Epochs = 2000, DType = dtype };
        var whole = Trainer.Train(Seed, settings, [], CancellationToken.None);

        using var interrupt = new CancellationTokenSource();
        var checkpoint = new CheckpointObserver(path, every: 500, Seed, settings, []);
        var error = Assert.Throws<LinregException>(() => Trainer.Train(Seed, settings, [checkpoint, new CancelAt(interrupt, 1234)], interrupt.Token));
        Assert.Equal(ExitCode.Interrupted, error.Code);
        Assert.Equal(1235, checkpoint.SavedNextEpoch);

        var saved = CheckpointFile.Load(path);
        Assert.Equal(1235, saved.NextEpoch);
        Assert.Equal(dtype, saved.Settings.DType);
        saved.CheckResumable(path, Seed, settings);
        var resumed = Trainer.Train(Seed, settings, [], CancellationToken.None, saved.ToStart());
        Assert.Equal(whole.Weights, resumed.Weights);
        Assert.Equal(whole.Bias, resumed.Bias);
        Assert.Equal(whole.FinalCost, resumed.FinalCost);
    }

    [Fact]
    public void Checkpoints_are_written_every_n_steps()
    {
        using var temp = new TempFolder();
        var path = temp.File("ck.json");
        var checkpoint = new CheckpointObserver(path, every: 300, Seed, new TrainSettings { Epochs = 1000 }, []);
        Trainer.Train(Seed, new TrainSettings { Epochs = 1000 }, [checkpoint], CancellationToken.None);
        Assert.Equal(900, CheckpointFile.Load(path).NextEpoch);
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Resuming_on_other_data_or_another_learning_rate_is_refused()
    {
        using var temp = new TempFolder();
        var path = temp.File("ck.json");
        var settings = new TrainSettings { Epochs = 10 };
        Trainer.Train(Seed, settings, [new CheckpointObserver(path, 5, Seed, settings, [])], CancellationToken.None);
        var saved = CheckpointFile.Load(path);

        var other = new Dataset("other", ["x"], "y", [1, 2, 3], [2, 4, 7]);
        Assert.Contains("other data", Assert.Throws<LinregException>(() => saved.CheckResumable(path, other, settings)).Message, StringComparison.Ordinal);
        var renamed = new Dataset("renamed", ["z"], "y", [1, 2, 3], [2, 4, 6]);
        Assert.Contains("made for y ~ x", Assert.Throws<LinregException>(() => saved.CheckResumable(path, renamed, settings)).Message, StringComparison.Ordinal);
        Assert.Contains("--lr", Assert.Throws<LinregException>(() => saved.CheckResumable(path, Seed, settings with { LearningRate = 0.1 })).Message, StringComparison.Ordinal);
        Assert.Contains("nothing to run", Assert.Throws<LinregException>(() => Trainer.Train(Seed, settings, [], CancellationToken.None, saved.ToStart())).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DataType.Float32, DataType.Float64)]
    [InlineData(DataType.Float64, DataType.Float32)]
    public void Resuming_with_another_dtype_is_refused(DataType saved, DataType resumed)
    {
        using var temp = new TempFolder();
        var path = temp.File("ck.json");
        var settings = new TrainSettings { Epochs = 10, DType = saved };
        Trainer.Train(Seed, settings, [new CheckpointObserver(path, 5, Seed, settings, [])], CancellationToken.None);
        var checkpoint = CheckpointFile.Load(path);

        var error = Assert.Throws<LinregException>(() => checkpoint.CheckResumable(path, Seed, settings with { DType = resumed }));
        Assert.Equal(ExitCode.UsageError, error.Code);
        Assert.Equal($"--resume {path}: it was made with --dtype {saved.ToString().ToLowerInvariant()}, not {resumed.ToString().ToLowerInvariant()}; resume with the same --dtype", error.Message);
    }

    [Fact]
    public void A_model_file_is_not_a_checkpoint()
    {
        using var temp = new TempFolder();
        var path = temp.Write("model.json", "{\"format\": \"linreg-model\", \"schemaVersion\": 1}");
        var error = Assert.Throws<LinregException>(() => CheckpointFile.Load(path));
        Assert.Contains("not a linreg checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fingerprint_depends_on_every_value()
    {
        var same = new Dataset("a", ["x"], "y", [1, 2, 3], [2, 4, 6]);
        Assert.Equal(Seed.Fingerprint(), same.Fingerprint());
        Assert.NotEqual(Seed.Fingerprint(), new Dataset("a", ["x"], "y", [1, 2, 3], [2, 4, 6.0000005f]).Fingerprint());
        Assert.NotEqual(Seed.Fingerprint(), new Dataset("a", ["x"], "y", [2, 1, 3], [2, 4, 6]).Fingerprint());
    }
}
