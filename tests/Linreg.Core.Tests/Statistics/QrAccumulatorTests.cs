using Linreg.Core.Statistics;

namespace Linreg.Core.Tests.Statistics;

/// <summary>The streaming factor: shards, shifts, weights, determinism and the edge cases of a fit.</summary>
public class QrAccumulatorTests
{
    [Theory]
    [InlineData("fair", 1)]
    [InlineData("fair", 2)]
    [InlineData("stackloss_weighted", 3)]
    [InlineData("stackloss_dependent", 4)]
    [InlineData("longley", 5)]
    public void Shards_merged_in_any_order_give_the_single_pass_solution(string name, int seed)
    {
        var fixture = StatisticsFixture.Load("statistics", name);
        var whole = fixture.Solve();
        var random = new Random(seed);
        for (var trial = 0; trial < 4; trial++)
        {
            // Random cut points, each shard shifted by its own first row, merged in a random order or as a tree.
            var cuts = Enumerable.Range(0, random.Next(1, 9)).Select(_ => random.Next(0, fixture.Rows)).Append(0).Append(fixture.Rows).Distinct().Order().ToArray();
            var shards = cuts.Zip(cuts.Skip(1)).Select(range =>
            {
                var shard = new QrAccumulator(fixture.Features.Length, fixture.HasIntercept, fixture.X[range.First]);
                for (var r = range.First; r < range.Second; r++)
                {
                    shard.Add(fixture.X[r], fixture.Y[r], fixture.Weight(r));
                }

                return shard;
            }).OrderBy(_ => random.Next()).ToList();
            while (shards.Count > 1)
            {
                var i = random.Next(shards.Count - 1);
                shards[i].Merge(shards[i + 1]);
                shards.RemoveAt(i + 1);
            }

            AssertSameSolution(whole, LeastSquaresSolution.Solve(shards[0], featureNames: fixture.Features), 1e-12);
        }
    }

    [Theory]
    [InlineData("diabetes")]
    [InlineData("fair")]
    [InlineData("stackloss_weighted")]
    public void Shifted_and_unshifted_designs_agree(string name)
    {
        var fixture = StatisticsFixture.Load("statistics", name);
        AssertSameSolution(fixture.Solve(shift: true), fixture.Solve(shift: false), 1e-10);
    }

    [Fact]
    public void Robust_meats_merge_across_shards()
    {
        var fixture = StatisticsFixture.Load("statistics", "fair");
        var solution = fixture.Solve();
        var whole = OlsInference.Compute(solution, CovarianceType.HC3, fixture.Meat(solution, CovarianceType.HC3));
        var shards = new[] { (0, 1000), (1000, 1001), (1001, fixture.Rows) }.Select(range =>
        {
            var meat = new RobustMeat(solution, CovarianceType.HC3);
            for (var r = range.Item1; r < range.Item2; r++)
            {
                meat.Add(fixture.X[r], fixture.Y[r]);
            }

            return meat;
        }).ToArray();
        shards[2].Merge(shards[0]);
        shards[2].Merge(shards[1]);
        var merged = OlsInference.Compute(solution, CovarianceType.HC3, shards[2]);
        var rank = solution.Rank;
        for (var i = 0; i < whole.Covariance.Count; i++)
        {
            // Entries on the scale of their variances: an off-diagonal one near zero has no relative digits to keep.
            var size = Math.Sqrt(whole.Covariance[(i / rank) * (rank + 1)] * whole.Covariance[(i % rank) * (rank + 1)]);
            Assert.Equal(whole.Covariance[i], merged.Covariance[i], size * 1e-12);
        }
    }

    /// <summary>x3 = x1 + x2 (to rounding) makes the fit rank deficient; every run, on any thread, gives the same bits.</summary>
    [Fact]
    public void A_rank_deficient_fit_gives_the_same_bits_every_run()
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, 5000).Select(_ =>
        {
            double x1 = random.NextDouble() * 100, x2 = random.NextDouble() - 0.5, x4 = random.Next(10);
            return (Features: new[] { x1, x2, x1 + x2, x4 }, Target: 3 + x1 - (2 * x2) + (0.1 * x4) + random.NextDouble());
        }).ToArray();

        string Run()
        {
            var accumulator = new QrAccumulator(4, true, rows[0].Features);
            foreach (var (features, target) in rows)
            {
                accumulator.Add(features, target);
            }

            var solution = LeastSquaresSolution.Solve(accumulator);
            var inference = OlsInference.Compute(solution);
            double[] values =
            [
                solution.Intercept!.Value, .. solution.Coefficients.Select(c => c ?? double.NaN), .. solution.UnscaledCovariance,
                solution.ResidualSumOfSquares, solution.ConditionNumber, .. inference.Terms.Select(t => t.PValue ?? double.NaN),
                inference.FStatistic, inference.LogLikelihood,
            ];
            Assert.Equal([false, false, true, false], solution.Aliased);
            return string.Join(",", values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("X16", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var first = Run();
        var results = new string[20];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Run());
        Assert.All(results, result => Assert.Equal(first, result));
    }

    [Fact]
    public void Zero_weight_rows_change_only_the_row_count()
    {
        var fixture = StatisticsFixture.Load("statistics", "stackloss_nointercept");
        var plain = fixture.Accumulate();
        var padded = new QrAccumulator(fixture.Features.Length, fixture.HasIntercept);
        for (var r = 0; r < fixture.Rows; r++)
        {
            padded.Add([1e6, -3, 42], 7e5, 0);
            padded.Add(fixture.X[r], fixture.Y[r]);
        }

        Assert.Equal(plain.CopyFactor(), padded.CopyFactor());
        Assert.Equal(2 * fixture.Rows, padded.Rows);
        Assert.Equal(fixture.Rows, padded.WeightedRows);
        Assert.Equal(fixture.Rows, padded.SumWeights);
        var counted = OlsInference.Compute(LeastSquaresSolution.Solve(padded));
        var dropped = OlsInference.Compute(LeastSquaresSolution.Solve(padded), zeroWeights: ZeroWeightRows.Dropped);
        Assert.Equal(2 * fixture.Rows - 3, counted.DfResidual);
        Assert.Equal(double.NegativeInfinity, counted.LogLikelihood);
        Assert.Equal(fixture.Rows - 3, dropped.DfResidual);
        Assert.True(double.IsFinite(dropped.LogLikelihood));
    }

    [Fact]
    public void A_perfect_fit_is_exact_and_leaves_no_residual()
    {
        var accumulator = new QrAccumulator(2, true, [5.0, 1]);
        for (var i = 0; i < 40; i++)
        {
            double x1 = 5 + (i % 7), x2 = 1 + (i * i % 11);
            accumulator.Add([x1, x2], 1 + (2 * x1) - (3 * x2));
        }

        var solution = LeastSquaresSolution.Solve(accumulator);
        Assert.Equal(1, solution.Intercept!.Value, 1e-12);
        Assert.Equal(2, solution.Coefficients[0]!.Value, 1e-12);
        Assert.Equal(-3, solution.Coefficients[1]!.Value, 1e-12);
        Assert.True(solution.ResidualSumOfSquares <= 1e-20 * solution.TotalSumOfSquares);
        var inference = OlsInference.Compute(solution);
        Assert.Equal(1, inference.RSquared, 1e-15);
        Assert.True(inference.ResidualStdError < 1e-9);
    }

    [Fact]
    public void Fewer_weighted_rows_than_parameters_is_an_argument_error()
    {
        var accumulator = new QrAccumulator(3, true);
        accumulator.Add([1, 2, 3], 1);
        accumulator.Add([2, 1, 0], 2);
        accumulator.Add([0, 5, 1], 3);
        accumulator.Add([4, 4, 4], 4, weight: 0);
        var solution = LeastSquaresSolution.Solve(accumulator);
        Assert.Throws<ArgumentException>(() => OlsInference.Compute(solution));
    }

    [Fact]
    public void A_stored_accumulator_solves_to_the_same_bits()
    {
        var fixture = StatisticsFixture.Load("statistics", "stackloss_weighted");
        var original = fixture.Accumulate();
        var stored = new QrAccumulator(original.FeatureCount, original.HasIntercept, [.. original.Shift], original.CopyFactor(), original.Rows, original.WeightedRows, original.SumWeights, original.SumLogWeights);
        var a = LeastSquaresSolution.Solve(original);
        var b = LeastSquaresSolution.Solve(stored);
        Assert.Equal(a.Coefficients, b.Coefficients);
        Assert.Equal(a.UnscaledCovariance, b.UnscaledCovariance);
        Assert.Equal(OlsInference.Compute(a, zeroWeights: ZeroWeightRows.Dropped).LogLikelihood, OlsInference.Compute(b, zeroWeights: ZeroWeightRows.Dropped).LogLikelihood);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new QrAccumulator(2, false, [1.0, 0]));
        var accumulator = new QrAccumulator(2, true);
        Assert.Throws<ArgumentException>(() => accumulator.Add([1, double.NaN], 1));
        Assert.Throws<ArgumentException>(() => accumulator.Add([1, 2], double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add([1, 2], 1, -1));
        Assert.Throws<ArgumentException>(() => accumulator.Add([1], 1));
        Assert.Equal(0, accumulator.Rows);
    }

    private static void AssertSameSolution(LeastSquaresSolution expected, LeastSquaresSolution actual, double relative)
    {
        Assert.Equal(expected.Aliased, actual.Aliased);
        Near(expected.Intercept ?? 0, actual.Intercept ?? 0);
        for (var j = 0; j < expected.Coefficients.Count; j++)
        {
            Near(expected.Coefficients[j] ?? 0, actual.Coefficients[j] ?? 0);
        }

        Near(expected.ResidualSumOfSquares, actual.ResidualSumOfSquares);
        Near(expected.TotalSumOfSquares, actual.TotalSumOfSquares);
        var rank = expected.Rank;
        for (var i = 0; i < expected.UnscaledCovariance.Count; i++)
        {
            var size = Math.Sqrt(expected.UnscaledCovariance[(i / rank) * (rank + 1)] * expected.UnscaledCovariance[(i % rank) * (rank + 1)]);
            Assert.True(Math.Abs(expected.UnscaledCovariance[i] - actual.UnscaledCovariance[i]) <= relative * size, $"covariance {i}: expected {expected.UnscaledCovariance[i]:R}, got {actual.UnscaledCovariance[i]:R}");
        }

        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.WeightedRows, actual.WeightedRows);
        Near(expected.SumWeights, actual.SumWeights);

        void Near(double a, double b) => Assert.True(Math.Abs(a - b) <= relative * Math.Abs(a), $"expected {a:R}, got {b:R}");
    }
}
