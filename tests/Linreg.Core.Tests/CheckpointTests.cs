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
    public void Early_stopping_resumes_mid_streak_and_stops_at_the_same_epoch_bit_for_bit()
    {
        // Shuffled mini-batches with early stopping: the checkpoint must keep the stall count, or the resumed run
        // would stop --patience epochs later than the uninterrupted one.
        var random = new Random(4);
        var xs = Enumerable.Range(0, 24).Select(i => i / 8.0).ToArray();
        var data = new Dataset("noisy", ["x"], "y", xs, [.. xs.Select(x => (2 * x) + 1 + ((random.NextDouble() - 0.5) * 0.1))]);
        var settings = new TrainSettings { Epochs = 20_000, LearningRate = 0.05, BatchSize = 6, Shuffle = true, Seed = 3, Tolerance = 1e-6, Patience = 25 };
        var whole = Trainer.Train(data, settings, [], CancellationToken.None);
        Assert.True(whole.StoppedEarly);

        using var temp = new TempFolder();
        var path = temp.File("ck.json");
        using var interrupt = new CancellationTokenSource();
        var checkpoint = new CheckpointObserver(path, every: 1, data, settings, []);
        Assert.Throws<LinregException>(() => Trainer.Train(data, settings, [checkpoint, new CancelAt(interrupt, whole.Epochs - 10)], interrupt.Token));
        var saved = CheckpointFile.Load(path);
        Assert.True(saved.Stopping!.Stalled > 0, "the checkpoint was meant to fall inside the final streak");
        var resumed = Trainer.Train(data, settings, [], CancellationToken.None, saved.ToStart());
        Assert.Equal(whole.Epochs, resumed.Epochs);
        Assert.Equal(whole.Weights, resumed.Weights);
        Assert.Equal(whole.Bias, resumed.Bias);
    }

    [Theory]
    [InlineData("--batch-size 2, not 3")]
    [InlineData("--shuffle on, not off")]
    [InlineData("--seed 1, not 2")]
    [InlineData("--patience 10, not 5")]
    public void Resuming_with_settings_that_change_the_steps_is_refused(string expected)
    {
        using var temp = new TempFolder();
        var path = temp.File("ck.json");
        var settings = new TrainSettings { Epochs = 20, BatchSize = 2, Shuffle = true, Seed = 1, Tolerance = 1e-9 };
        Trainer.Train(Seed, settings, [new CheckpointObserver(path, every: 5, Seed, settings, [])], CancellationToken.None);
        var changed = expected.Split(' ')[0] switch
        {
            "--batch-size" => settings with { BatchSize = 3 },
            "--shuffle" => settings with { Shuffle = false },
            "--seed" => settings with { Seed = 2 },
            _ => settings with { Patience = 5 },
        };
        var error = Assert.Throws<LinregException>(() => CheckpointFile.Load(path).CheckResumable(path, Seed, changed));
        Assert.Equal(ExitCode.UsageError, error.Code);
        Assert.Contains($"it was made with {expected}", error.Message, StringComparison.Ordinal);
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
