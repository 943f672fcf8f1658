using Linreg.Core.Solvers;
using Linreg.Core.Statistics;
using Linreg.Core.Training;

namespace Linreg.Core.Tests;

/// <summary>Ridge, lasso and elastic net against scikit-learn (tol 1e-12) on four real data sets.</summary>
public class PenalizedLeastSquaresTests
{
    public static TheoryData<string> Cases { get; } = [.. PenaltyFixture.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Coefficients_equal_scikit_learns_to_1e_6_relative(string name)
    {
        var fixture = PenaltyFixture.Load(name);
        foreach (var fit in fixture.Json.GetProperty("fits").EnumerateArray())
        {
            var intercept = fit.GetProperty("intercept").GetBoolean();
            var penalty = new Penalty(PenaltyFixture.Kind(fit.GetProperty("penalty").GetString()!), fit.GetProperty("alpha").GetDouble(), fit.GetProperty("l1Ratio").ValueKind == System.Text.Json.JsonValueKind.Number ? fit.GetProperty("l1Ratio").GetDouble() : 0);
            var accumulator = ExactLeastSquares.Accumulate(fixture.Data, intercept, CancellationToken.None)!;
            var problem = CenteredProblem.From(accumulator, fit.GetProperty("standardize").GetBoolean());
            var (weights, bias) = problem.ToOriginal(PenalizedLeastSquares.Solve(problem, penalty));
            var what = $"{name} {penalty.Describe()}{(problem.Scale.Any(s => s != 1) ? " standardized" : string.Empty)}";
            PenaltyFixture.AssertClose(PenaltyFixture.Numbers(fit.GetProperty("weights")), weights, 1e-6, what);
            PenaltyFixture.AssertClose([fit.GetProperty("bias").GetDouble()], [bias], 1e-6, what + " intercept");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statistics_of_three_shards_merged_in_any_order_fit_scikit_learns_coefficients(string name)
    {
        // The data cut into three shards, each summarised as `linreg stats` would, merged backwards: the factor of
        // all the rows, and so scikit-learn's penalised fit of all of them.
        var fixture = PenaltyFixture.Load(name);
        var data = fixture.Data;
        var k = data.FeatureCount;
        int[] cuts = [0, data.RowCount / 3, 2 * data.RowCount / 3, data.RowCount];
        foreach (var fit in fixture.Json.GetProperty("fits").EnumerateArray())
        {
            var intercept = fit.GetProperty("intercept").GetBoolean();
            var penalty = new Penalty(PenaltyFixture.Kind(fit.GetProperty("penalty").GetString()!), fit.GetProperty("alpha").GetDouble(), fit.GetProperty("l1Ratio").ValueKind == System.Text.Json.JsonValueKind.Number ? fit.GetProperty("l1Ratio").GetDouble() : 0);
            var shards = cuts.Zip(cuts.Skip(1)).Select(range =>
            {
                var shard = intercept ? new QrAccumulator(k, true, data.Row(range.First).ToArray()) : new QrAccumulator(k, false);
                for (var r = range.First; r < range.Second; r++)
                {
                    shard.Add(data.Row(r), data.Targets[r]);
                }

                return shard;
            }).ToArray();
            var merged = shards[^1];
            for (var s = shards.Length - 2; s >= 0; s--)
            {
                merged.Merge(shards[s]);
            }

            var problem = CenteredProblem.From(merged, fit.GetProperty("standardize").GetBoolean());
            var (weights, bias) = problem.ToOriginal(PenalizedLeastSquares.Solve(problem, penalty));
            var what = $"{name} {penalty.Describe()} from shards";
            PenaltyFixture.AssertClose(PenaltyFixture.Numbers(fit.GetProperty("weights")), weights, 1e-6, what);
            PenaltyFixture.AssertClose([fit.GetProperty("bias").GetDouble()], [bias], 1e-6, what + " intercept");
        }
    }
}
