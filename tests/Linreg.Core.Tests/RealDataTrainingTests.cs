using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Solvers;
using Linreg.Core.Training;
using static TorchSharp.torch;

namespace Linreg.Core.Tests;

/// <summary>The knobs for real data, on a generated set whose answer is known: 100,000 rows × 10 features.</summary>
public class RealDataTrainingTests
{
    private static readonly float[] TrueWeights = [1.5f, -2f, 0.5f, 3f, -1f, 0.25f, 2f, -0.75f, 1f, -3f];
    private const float TrueBias = 4f;
    private const double Noise = 0.1;

    private static readonly Lazy<Dataset> Generated = new(() => Generate(100_000));

    /// <summary>Features on very different scales (0.01 to 1000), so unscaled gradient descent struggles.</summary>
    private static Dataset Generate(int rows)
    {
        var random = new Random(12345);
        var k = TrueWeights.Length;
        var features = new double[rows * k];
        var targets = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            double y = TrueBias;
            for (var j = 0; j < k; j++)
            {
                var scale = Math.Pow(10, (j % 6) - 2);
                var x = (float)(((random.NextDouble() * 2) - 1 + (j * 0.5)) * scale);
                features[(r * k) + j] = x;
                y += TrueWeights[j] / scale * x;
            }

            // Box-Muller: Gaussian noise of known spread.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            targets[r] = (y + (Noise * gaussian));
        }

        return new Dataset("generated", [.. Enumerable.Range(1, k).Select(j => $"x{j}")], "y", features, targets);
    }

    [Fact]
    public void The_least_squares_optimum_is_the_noise_variance()
    {
        var optimum = ExactLeastSquares.OptimumCost(Generated.Value, CancellationToken.None)!.Value;
        Assert.InRange(optimum, Noise * Noise * 0.95, Noise * Noise * 1.05);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.1, 100)]
    [InlineData(OptimizerKind.Adam, 0.05, 300)]
    public void Standardized_training_gets_within_one_percent_of_the_least_squares_cost(OptimizerKind optimizer, double lr, int epochs)
    {
        var data = Generated.Value;
        var scaling = Standardization.Fit(data);
        var settings = new TrainSettings { Optimizer = optimizer, LearningRate = lr, Epochs = epochs, Standardize = true };
        var result = Trainer.Train(scaling.Apply(data), settings, [], CancellationToken.None);
        var (weights, bias) = scaling.ToOriginalUnits([.. result.Weights.Select(w => (double)w)], result.Bias);
        var cost = Metrics.RegressionMetrics.Compute(new Models.LinearModel(data.FeatureNames, "y", weights, bias), data).Mse;
        var optimum = ExactLeastSquares.OptimumCost(data, CancellationToken.None)!.Value;
        Assert.True(cost <= optimum * 1.01, $"{optimizer}: cost {cost} vs optimum {optimum}");
    }

    [Fact]
    public void Shuffled_mini_batches_repeat_bit_for_bit()
    {
        var raw = Generate(2_000);
        var data = Standardization.Fit(raw).Apply(raw);
        var settings = new TrainSettings { BatchSize = 64, Shuffle = true, Epochs = 3, LearningRate = 0.01, Seed = 7 };
        var first = Trainer.Train(data, settings, [], CancellationToken.None);
        var second = Trainer.Train(data, settings, [], CancellationToken.None);
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Bias, second.Bias);
        Assert.Equal(3 * 32, first.Steps);
        var otherSeed = Trainer.Train(data, settings with { Seed = 8 }, [], CancellationToken.None);
        Assert.NotEqual(first.Weights, otherSeed.Weights);
    }

    [Fact]
    public void Tolerance_and_patience_stop_a_run_that_has_converged()
    {
        var data = new Dataset("seed", ["x"], "y", [1, 2, 3], [2, 4, 6]);
        var result = Trainer.Train(data, new TrainSettings { Epochs = 100_000, Tolerance = 1e-7, Patience = 5 }, [], CancellationToken.None);
        Assert.True(result.StoppedEarly);
        Assert.InRange(result.Epochs, 100, 99_999);
    }

    [Fact]
    public void Init_linear_starts_where_pytorchs_nn_linear_does()
    {
        // torch.manual_seed(1); nn.Linear(1, 1) and nn.Linear(3, 1) in PyTorch 2.6 (../shared/peers).
        Runtime.TorchRuntime.EnsureLoaded();
        AssertInit(1, [0.5152631998062134f], -0.44137823581695557f);
        AssertInit(3, [0.2974873483181f, -0.2548298239707947f, -0.11192598193883896f], 0.2709902822971344f);
    }

    private static void AssertInit(int features, float[] weights, float bias)
    {
        manual_seed(1);
        var (w, b) = ParameterInit.Create(features, InitMode.Linear, CPU);
        using (w)
        using (b)
        {
            Assert.Equal(weights, w.data<float>().ToArray());
            Assert.Equal(bias, b.item<float>());
        }
    }
}
