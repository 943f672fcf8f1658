using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Solvers;
using Linreg.Core.Statistics;
using Linreg.Core.Training;

namespace Linreg.Core.Tests;

/// <summary>Full-batch steps on the data's moments must take the steps the lesson's per-row cost takes.</summary>
public class MomentCostTests
{
    private static readonly Lazy<Dataset> Noisy = new(() => Generate(20_000, seed: 3));

    /// <summary>y = 2·x1 - 3·x2 + 0.5·x3 + 7 + noise, features off-centre so the means matter.</summary>
    private static Dataset Generate(int rows, int seed)
    {
        var random = new Random(seed);
        float[] truth = [2f, -3f, 0.5f];
        var features = new double[rows * truth.Length];
        var targets = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            double y = 7;
            for (var j = 0; j < truth.Length; j++)
            {
                var x = (double)((random.NextDouble() * 2) + j);
                features[(r * truth.Length) + j] = x;
                y += truth[j] * x;
            }

            targets[r] = (double)(y + ((random.NextDouble() - 0.5) * 0.2));
        }

        return new Dataset("generated", ["x1", "x2", "x3"], "y", features, targets);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.02, 0.0, 300)]
    [InlineData(OptimizerKind.Sgd, 0.01, 0.9, 200)]
    [InlineData(OptimizerKind.Adam, 0.05, 0.0, 200)]
    public void Moments_take_the_same_steps_as_the_rows(OptimizerKind optimizer, double lr, double momentum, int epochs)
    {
        var settings = new TrainSettings { Optimizer = optimizer, LearningRate = lr, Momentum = momentum, Epochs = epochs, Init = InitMode.Linear };
        var onRows = Record(Noisy.Value, settings with { CostFrom = CostSource.Rows }, out var rows);
        var onMoments = Record(Noisy.Value, settings with { CostFrom = CostSource.Moments }, out var moments);

        Assert.False(rows.UsedMoments);
        Assert.True(moments.UsedMoments);
        Assert.Equal(onRows.Count, onMoments.Count);
        for (var step = 0; step < onRows.Count; step++)
        {
            // float32 sums over 20,000 rows (relative error ~1e-5) against float64 moments: agreement to rounding, step after step.
            Assert.True(Math.Abs(onRows[step] - onMoments[step]) <= 1e-4 * Math.Max(1, onRows[step]), $"step {step}: {onRows[step]} vs {onMoments[step]}");
        }

        for (var j = 0; j < rows.Weights.Length; j++)
        {
            Assert.Equal(rows.Weights[j], moments.Weights[j], 3e-4);
        }

        Assert.Equal(rows.Bias, moments.Bias, 3e-4);
    }

    [Fact]
    public void Auto_keeps_lesson_sized_data_on_the_rows_and_takes_moments_for_large_data()
    {
        var seed = new Dataset("seed", ["x"], "y", [1, 2, 3], [2, 4, 6]);
        Assert.False(Trainer.Train(seed, new TrainSettings { Epochs = 5 }, [], CancellationToken.None).UsedMoments);
        var large = Generate((int)(TrainSettings.MomentsFromValues / 3) + 1, seed: 4);
        Assert.True(Trainer.Train(large, new TrainSettings { Epochs = 5 }, [], CancellationToken.None).UsedMoments);
        Assert.False(Trainer.Train(large, new TrainSettings { Epochs = 1, BatchSize = 1000 }, [], CancellationToken.None).UsedMoments);

        // Wide data: 30 rows × 4,000 features is past the value threshold, but its moments would be 16M numbers.
        var wide = new Dataset("wide", [.. Enumerable.Range(0, 4_000).Select(j => $"x{j}")], "y", new double[30 * 4_000], new double[30]);
        Assert.False(new TrainSettings().UsesMoments(wide.RowCount, wide.FeatureCount));
        Assert.Null(ExactLeastSquares.OptimumCost(wide, CancellationToken.None));
    }

    [Fact]
    public void A_diverging_run_on_moments_stops_as_it_does_on_the_rows()
    {
        var settings = new TrainSettings { LearningRate = 10, Epochs = 2000, CostFrom = CostSource.Moments };
        var e = Assert.Throws<LinregException>(() => Trainer.Train(Noisy.Value, settings, [], CancellationToken.None));
        Assert.Equal(ExitCode.TrainingDiverged, e.Code);
    }

    [Fact]
    public void Moments_match_a_direct_double_precision_computation()
    {
        var data = Generate(70_001, seed: 5);
        var moments = DataMoments.Compute(data);
        var k = data.FeatureCount;
        var columns = Enumerable.Range(0, k + 1)
            .Select(j => Enumerable.Range(0, data.RowCount).Select(r => j < k ? (double)data.Features[(r * k) + j] : data.Targets[r]).ToArray())
            .ToArray();
        var means = columns.Select(c => c.Average()).ToArray();
        double Covariance(int a, int b) => columns[a].Zip(columns[b]).Sum(p => (p.First - means[a]) * (p.Second - means[b])) / data.RowCount;

        for (var i = 0; i < k; i++)
        {
            Assert.Equal(means[i], moments.FeatureMean[i], 1e-12);
            Assert.Equal(Covariance(i, k), moments.CrossCovariance[i], 1e-10);
            for (var j = 0; j < k; j++)
            {
                Assert.Equal(Covariance(i, j), moments.Covariance[(i * k) + j], 1e-10);
            }
        }

        Assert.Equal(means[k], moments.TargetMean, 1e-12);
        Assert.Equal(Covariance(k, k), moments.TargetVariance, 1e-10);
        Assert.Equal(data.RowCount, moments.Rows);
    }

    [Fact]
    public void The_exact_solver_recovers_an_exact_line_and_aliases_a_constant_or_copied_feature()
    {
        var seed = new Dataset("seed", ["x"], "y", [1, 2, 3], [2, 4, 6]);
        var line = ExactLeastSquares.Fit(seed, intercept: true, CovarianceType.NonRobust, 0.95, CancellationToken.None).Solution;
        Assert.Equal(2.0, line.Coefficients[0]!.Value, 12);
        Assert.Equal(0.0, line.Intercept!.Value, 12);
        Assert.Equal(0.0, ExactLeastSquares.OptimumCost(seed, CancellationToken.None)!.Value, 12);

        var constant = new Dataset("constant", ["x1", "x2"], "y", [1, 5, 2, 5, 3, 5, 4, 5], [1, 2, 3, 4]);
        Assert.Equal([false, true], ExactLeastSquares.Fit(constant, intercept: true, CovarianceType.NonRobust, 0.95, CancellationToken.None).Solution.Aliased);
        var copies = new Dataset("copies", ["x1", "x2"], "y", [1, 2, 2, 4, 3, 6, 4, 8], [1, 2, 3, 5]);
        Assert.Equal([false, true], ExactLeastSquares.Fit(copies, intercept: true, CovarianceType.NonRobust, 0.95, CancellationToken.None).Solution.Aliased);
    }

    private static List<double> Record(Dataset data, TrainSettings settings, out TrainingResult result)
    {
        var costs = new CostRecorder();
        result = Trainer.Train(data, settings, [costs], CancellationToken.None);
        return costs.Costs;
    }

    private sealed class CostRecorder : ITrainingObserver
    {
        public List<double> Costs { get; } = [];

        public bool WantsStep(int epoch) => true;

        public void OnStep(in StepReport report) => Costs.Add(report.Cost);
    }
}
