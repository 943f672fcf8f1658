using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Training;

namespace Linreg.Core.Tests;

public class TrainerTests
{
    private static readonly Dataset Seed = new("seed", ["x"], "y", [1, 2, 3], [2, 4, 6]);

    private sealed class Recorder(Func<int, bool> wants) : ITrainingObserver
    {
        public List<(int Epoch, double Cost, double[] Weights, double Bias)> Steps { get; } = [];

        public bool WantsStep(int epoch) => wants(epoch);

        public void OnStep(in StepReport report) => Steps.Add((report.Epoch, report.Cost, report.Weights.ToArray(), report.Bias));
    }

    [Fact]
    public void The_first_step_matches_the_lesson_by_hand()
    {
        // W = b = 0: cost = mean(4, 16, 36) = 18.6667; dW = -2·mean(x·y) = -18.6667, db = -2·mean(y) = -8.
        var recorder = new Recorder(e => e == 0);
        Trainer.Train(Seed, new TrainSettings { Epochs = 1 }, [recorder], CancellationToken.None);
        var (_, cost, weights, bias) = Assert.Single(recorder.Steps);
        Assert.Equal(18.666666f, cost, 5);
        Assert.Equal(0.18666667f, weights[0], 6);
        Assert.Equal(0.08f, bias, 6);
    }

    [Fact]
    public void The_lesson_converges_towards_y_equals_2x()
    {
        var result = Trainer.Train(Seed, new TrainSettings(), [], CancellationToken.None);
        Assert.Equal(2000, result.Steps);
        Assert.InRange(result.Weights[0], 1.99, 2.0);
        Assert.InRange(result.Bias, 0.0, 0.01);
        Assert.InRange(result.FinalCost, 0, 1e-5);
    }

    [Fact]
    public void Runs_repeat_bit_for_bit()
    {
        var first = Trainer.Train(Seed, new TrainSettings { Epochs = 300 }, [], CancellationToken.None);
        var second = Trainer.Train(Seed, new TrainSettings { Epochs = 300 }, [], CancellationToken.None);
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Bias, second.Bias);
        Assert.Equal(first.FinalCost, second.FinalCost);
    }

    [Fact]
    public void Several_features_train_with_the_matrix_form()
    {
        // y = 1·x1 + 2·x2 + 3 exactly; small lr, enough steps to get close.
        var features = new double[] { 0, 0, 1, 0, 0, 1, 1, 1, 2, 1, 1, 2 };
        var targets = new double[] { 3, 4, 5, 6, 7, 8 };
        var data = new Dataset("plane", ["x1", "x2"], "y", features, targets);
        var result = Trainer.Train(data, new TrainSettings { LearningRate = 0.1, Epochs = 3000 }, [], CancellationToken.None);
        Assert.Equal(1.0, result.Weights[0], 2);
        Assert.Equal(2.0, result.Weights[1], 2);
        Assert.Equal(3.0, result.Bias, 2);
    }

    [Fact]
    public void Observers_see_only_the_steps_they_ask_for()
    {
        var recorder = new Recorder(e => e % 100 == 0);
        Trainer.Train(Seed, new TrainSettings(), [recorder], CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * 100), recorder.Steps.Select(s => s.Epoch));
    }

    [Fact]
    public void A_diverging_run_stops_with_a_clear_error()
    {
        var error = Assert.Throws<LinregException>(() => Trainer.Train(Seed, new TrainSettings { LearningRate = 10 }, [], CancellationToken.None));
        Assert.Equal(ExitCode.TrainingDiverged, error.Code);
        Assert.Contains("smaller --lr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_between_steps()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var error = Assert.Throws<LinregException>(() => Trainer.Train(Seed, new TrainSettings(), [], cancelled.Token));
        Assert.Equal(ExitCode.Interrupted, error.Code);
    }

    [Theory]
    [InlineData(0.0, 10, 1)]
    [InlineData(-1.0, 10, 1)]
    [InlineData(double.NaN, 10, 1)]
    [InlineData(0.01, 0, 1)]
    [InlineData(0.01, 10, -1)]
    public void Settings_that_make_no_sense_are_usage_errors(double lr, int epochs, int logEvery)
    {
        var settings = new TrainSettings { LearningRate = lr, Epochs = epochs, LogEvery = logEvery };
        Assert.Equal(ExitCode.UsageError, Assert.Throws<LinregException>(settings.Validate).Code);
    }
}
