using Linreg.Core.Statistics;
using Xunit.Abstractions;

namespace Linreg.Core.Tests.Statistics;

/// <summary>The fit against the same fit in exact rational arithmetic (the normal equations, exact in fractions).</summary>
public class ExactArithmeticTests(ITestOutputHelper output)
{
    /// <summary>x1, x2, x3, y, w: small integers, the weights uneven, one of them zero.</summary>
    private static readonly long[][] Small =
    [
        [3, 10, 7, 41, 1], [5, 12, 6, 52, 2], [2, 15, 9, 50, 1], [8, 11, 4, 60, 3], [6, 9, 8, 47, 1],
        [4, 14, 5, 55, 2], [9, 13, 6, 70, 1], [1, 8, 10, 30, 4], [7, 16, 3, 69, 1], [5, 10, 9, 49, 0],
        [3, 12, 2, 44, 2], [6, 7, 7, 43, 1],
    ];

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Weighted_fit_matches_exact_arithmetic(bool intercept, bool shift)
    {
        var accumulator = new QrAccumulator(3, intercept, shift ? [3.0, 10, 7] : default);
        foreach (var row in Small)
        {
            accumulator.Add([row[0], row[1], row[2]], row[3], row[4]);
        }

        var solution = LeastSquaresSolution.Solve(accumulator);
        var design = Small.Select(row => (intercept ? new Fraction[] { 1 } : []).Concat(row[..3].Select(v => (Fraction)v)).ToArray()).ToArray();
        var y = Small.Select(row => (Fraction)row[3]).ToArray();
        var w = Small.Select(row => (Fraction)row[4]).ToArray();
        var (inverse, beta) = ExactLeastSquares.Solve(design, y, w);

        double[] estimates = [.. (intercept ? [solution.Intercept!.Value] : Array.Empty<double>()), .. solution.Coefficients.Select(c => c!.Value)];
        for (var i = 0; i < beta.Length; i++)
        {
            AssertRelative(beta[i].ToDouble(), estimates[i], 1e-13, $"coefficient {i}");
            for (var j = 0; j < beta.Length; j++)
            {
                AssertRelative(inverse[i, j].ToDouble(), solution.UnscaledCovariance[(i * beta.Length) + j], 1e-13, $"covariance {i},{j}", Math.Sqrt(inverse[i, i].ToDouble() * inverse[j, j].ToDouble()));
            }
        }

        var ssr = Fraction.Zero;
        var sumW = Fraction.Zero;
        var sumWy = Fraction.Zero;
        for (var r = 0; r < y.Length; r++)
        {
            var e = y[r] - ExactLeastSquares.Dot(design[r], beta);
            ssr += w[r] * e * e;
            sumW += w[r];
            sumWy += w[r] * y[r];
        }

        var mean = sumWy / sumW;
        var tss = Fraction.Zero;
        for (var r = 0; r < y.Length; r++)
        {
            var d = intercept ? y[r] - mean : y[r];
            tss += w[r] * d * d;
        }

        AssertRelative(ssr.ToDouble(), solution.ResidualSumOfSquares, 1e-12, "ssr");
        AssertRelative(tss.ToDouble(), solution.TotalSumOfSquares, 1e-13, "tss");
        Assert.Equal(12, solution.Rows);
        Assert.Equal(11, solution.WeightedRows);
        Assert.Equal(19, solution.SumWeights);

        Fraction[] point = [.. (intercept ? new Fraction[] { 1 } : []), 4, 9, 11];
        AssertRelative(ExactLeastSquares.Quadratic(inverse, point, point).ToDouble() * 3, solution.Leverage([4, 9, 11], 3), 1e-13, "leverage");
        AssertRelative(ExactLeastSquares.Dot(point, beta).ToDouble(), solution.Predict([4, 9, 11]), 1e-13, "prediction");
    }

    [Fact]
    public void An_exact_combination_is_aliased_and_the_rest_fitted_exactly()
    {
        // x3 = x1 + 2·x2 exactly, after the columns it depends on; x4 after it is still fitted.
        var accumulator = new QrAccumulator(4, true, [3.0, 10, 23, 7]);
        var rows = Small.Select(row => new long[] { row[0], row[1], row[0] + (2 * row[1]), row[2], row[3] }).ToArray();
        foreach (var row in rows)
        {
            accumulator.Add([row[0], row[1], row[2], row[3]], row[4]);
        }

        var solution = LeastSquaresSolution.Solve(accumulator, featureNames: ["x1", "x2", "x3", "x4"]);
        Assert.Equal([false, false, true, false], solution.Aliased);
        Assert.Null(solution.Coefficients[2]);
        Assert.Equal(4, solution.Rank);
        Assert.Equal([0, 1, 2, 4], solution.EstimableParameters);

        var design = rows.Select(row => new Fraction[] { 1, row[0], row[1], row[3] }).ToArray();
        var (inverse, beta) = ExactLeastSquares.Solve(design, [.. rows.Select(row => (Fraction)row[4])], [.. rows.Select(_ => Fraction.One)]);
        double?[] estimates = [solution.Intercept, solution.Coefficients[0], solution.Coefficients[1], solution.Coefficients[3]];
        for (var i = 0; i < 4; i++)
        {
            AssertRelative(beta[i].ToDouble(), estimates[i]!.Value, 1e-12, $"coefficient {i}");
            AssertRelative(inverse[i, i].ToDouble(), solution.UnscaledCovariance[(i * 4) + i], 1e-12, $"variance {i}");
        }

        var inference = OlsInference.Compute(solution);
        Assert.Equal(["x3"], inference.Aliased);
        Assert.Equal(3, inference.DfModel);
        Assert.Equal(8, inference.DfResidual);
        Assert.All(inference.Terms.Where(t => t.Term == "x3"), t => Assert.True(t.StdError is null && t.PValue is null && t.CiLower is null));
    }

    /// <summary>
    /// Longley (condition number 5e9): the HC0/HC2/HC3 standard errors against the sandwich in exact arithmetic,
    /// which settles whose digits are right where this fit and statsmodels differ in the ninth.
    /// </summary>
    [Theory]
    [InlineData(CovarianceType.HC0)]
    [InlineData(CovarianceType.HC2)]
    [InlineData(CovarianceType.HC3)]
    public void Robust_errors_on_longley_match_exact_arithmetic(CovarianceType type)
    {
        var fixture = StatisticsFixture.Load("statistics", "longley");
        var solution = fixture.Solve();
        var inference = OlsInference.Compute(solution, type, fixture.Meat(solution, type));

        var design = fixture.X.Select(row => new[] { Fraction.One }.Concat(row.Select(Fraction.Of)).ToArray()).ToArray();
        var y = fixture.Y.Select(Fraction.Of).ToArray();
        var (inverse, beta) = ExactLeastSquares.Solve(design, y, [.. y.Select(_ => Fraction.One)]);
        var p = beta.Length;
        var meat = new Fraction[p, p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                meat[i, j] = Fraction.Zero;
            }
        }

        foreach (var row in design.Zip(y))
        {
            var e = row.Second - ExactLeastSquares.Dot(row.First, beta);
            var h = ExactLeastSquares.Quadratic(inverse, row.First, row.First);
            var omega = type switch
            {
                CovarianceType.HC2 => e * e / (Fraction.One - h),
                CovarianceType.HC3 => e * e / ((Fraction.One - h) * (Fraction.One - h)),
                _ => e * e,
            };
            for (var i = 0; i < p; i++)
            {
                for (var j = 0; j < p; j++)
                {
                    meat[i, j] += omega * row.First[i] * row.First[j];
                }
            }
        }

        var statsmodels = fixture.Json.GetProperty("covariances").GetProperty(type.ToString()).GetProperty("bse");
        for (var t = 0; t < p; t++)
        {
            var column = Enumerable.Range(0, p).Select(i => inverse[i, t]).ToArray();
            var exact = Math.Sqrt(ExactLeastSquares.Quadratic(meat, column, column).ToDouble());
            var ours = inference.Terms[t].StdError!.Value;
            var theirs = statsmodels.GetProperty(inference.Terms[t].Term).GetDouble();
            output.WriteLine($"{type} {inference.Terms[t].Term}: this fit {Math.Abs(ours - exact) / exact:G2}, statsmodels {Math.Abs(theirs - exact) / exact:G2}");
            AssertRelative(exact, ours, 1e-10, $"{inference.Terms[t].Term} se");
        }
    }

    private static void AssertRelative(double expected, double actual, double relative, string label, double? size = null)
    {
        var scale = size ?? Math.Abs(expected);
        Assert.True(Math.Abs(actual - expected) <= relative * scale, $"{label}: expected {expected:R}, got {actual:R}");
    }
}
