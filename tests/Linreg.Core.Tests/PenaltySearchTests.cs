using Linreg.Core.Data;
using Linreg.Core.Solvers;
using Linreg.Core.Training;

namespace Linreg.Core.Tests;

/// <summary>--alpha auto against LassoCV, ElasticNetCV and RidgeCV given the same folds and grid (make_penalties.py).</summary>
public class PenaltySearchTests
{
    public static TheoryData<string> Cases { get; } = [.. PenaltyFixture.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_path_and_the_chosen_alpha_are_scikit_learns(string name)
    {
        var fixture = PenaltyFixture.Load(name);
        foreach (var cv in fixture.Json.GetProperty("crossValidation").EnumerateArray())
        {
            var kind = PenaltyFixture.Kind(cv.GetProperty("penalty").GetString()!);
            var ratio = cv.GetProperty("l1Ratio").ValueKind == System.Text.Json.JsonValueKind.Number ? cv.GetProperty("l1Ratio").GetDouble() : 1;
            var seed = cv.GetProperty("shuffleSeed").ValueKind == System.Text.Json.JsonValueKind.Number ? cv.GetProperty("shuffleSeed").GetInt64() : (long?)null;
            var folds = Folds.Cut(fixture.Data.RowCount, cv.GetProperty("folds").GetInt32(), seed);
            var search = PenaltySearch.Run(fixture.Data, folds, new Penalty(kind, 0, ratio), standardize: false, intercept: true, CancellationToken.None);
            var what = $"{name} {kind} (shuffled: {seed is not null})";
            var alphas = PenaltyFixture.Numbers(cv.GetProperty("alphas"));
            PenaltyFixture.AssertClose(alphas, search.Alphas, 1e-12, what + " path");
            if (cv.GetProperty("meanMse").ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                PenaltyFixture.AssertClose(PenaltyFixture.Numbers(cv.GetProperty("meanMse")), search.MeanMse, 1e-6, what + " mean MSE");
            }

            // The same place on the path (the grids agree to rounding, so the α themselves to 1e-12).
            Assert.True(Array.IndexOf(alphas, cv.GetProperty("alpha").GetDouble()) == search.Best, $"{what}: chose {search.BestAlpha:R}, scikit-learn {cv.GetProperty("alpha").GetDouble():R}");
            Assert.InRange(search.OneStandardError, 0, search.Best);
        }
    }

    [Fact]
    public void Folds_are_kfolds_contiguous_cuts_and_a_seed_repeats_its_shuffle()
    {
        var data = PenaltyFixture.Load("stackloss").Data;
        var folds = Folds.Cut(data.RowCount, 5, shuffleSeed: null);
        var sizes = Enumerable.Range(0, 5).Select(f => folds.Split(data, f).Test.RowCount).ToArray();
        Assert.Equal([5, 4, 4, 4, 4], sizes);
        Assert.Equal(data.Targets[..5], folds.Split(data, 0).Test.Targets);
        var shuffled = Folds.Cut(data.RowCount, 5, shuffleSeed: 3);
        Assert.Equal(shuffled.Split(data, 2).Test.Targets, Folds.Cut(data.RowCount, 5, shuffleSeed: 3).Split(data, 2).Test.Targets);
        Assert.NotEqual(shuffled.Split(data, 0).Test.Targets, folds.Split(data, 0).Test.Targets);
    }
}
