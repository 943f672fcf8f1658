using System.Text.Json;
using Linreg.Core.Statistics;

namespace Linreg.Core.Tests.Statistics;

/// <summary>
/// Everything statsmodels 0.14 reports for OLS/WLS fits of real data sets (Fixtures/statistics, written by
/// make_statistics.py there), for every covariance type: estimates to 1e-9, standard errors, p-values and intervals
/// to 1e-6, R's aliasing where a column is a combination of others.
/// </summary>
public class StatsmodelsParityTests
{
    private static readonly string[] CovarianceNames = ["nonrobust", "HC0", "HC1", "HC2", "HC3"];

    public static TheoryData<string> Cases => new() { "longley", "diabetes", "diabetes_one_sex", "stackloss_dependent", "stackloss_nointercept", "fair", "stackloss_weighted" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_statsmodels(string name)
    {
        var fixture = StatisticsFixture.Load("statistics", name);
        var failures = Compare(fixture, fixture.Json, string.Empty, ZeroWeightRows.Counted);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>R's convention for zero weights, against statsmodels fitted on the positive-weight rows only.</summary>
    [Fact]
    public void Dropping_zero_weight_rows_matches_statsmodels_on_the_rest()
    {
        var fixture = StatisticsFixture.Load("statistics", "stackloss_weighted");
        var record = fixture.Json.GetProperty("zero_weight_rows_dropped");
        var failures = Compare(fixture, record, "zero_weight_rows_dropped.", ZeroWeightRows.Dropped);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static List<string> Compare(StatisticsFixture fixture, JsonElement record, string path, ZeroWeightRows zeroWeights)
    {
        var failures = new List<string>();
        var root = fixture.Json;
        double Expected(JsonElement parent, string key, string at) => StatisticsFixture.Number(root, parent.GetProperty(key), at + key);
        void Near(string label, double expected, double actual, double relative, double absolute)
        {
            if (!Tolerance.Near(expected, actual, relative, absolute))
            {
                failures.Add($"{label}: expected {expected:R}, got {actual:R} (relative {Math.Abs(actual - expected) / Math.Abs(expected):G3})");
            }
        }

        var solution = fixture.Solve();
        foreach (var type in Enum.GetValues<CovarianceType>())
        {
            var meat = type == CovarianceType.NonRobust ? null : fixture.Meat(solution, type);
            var inference = OlsInference.Compute(solution, type, meat, 0.95, zeroWeights);
            var name = CovarianceNames[(int)type];
            var expected = record.GetProperty("covariances").GetProperty(name);
            var at = $"{path}covariances.{name}.";
            Assert.Equal(fixture.Json.GetProperty("aliased").EnumerateArray().Select(e => e.GetString()!), inference.Aliased);
            Assert.Equal(expected.GetProperty("use_t").GetBoolean(), inference.UsesT);
            var terms = inference.Terms.ToDictionary(t => t.Term);
            foreach (var term in expected.GetProperty("params").EnumerateObject())
            {
                var t = terms[term.Name];
                Near($"{name} {term.Name} estimate", term.Value.GetDouble(), t.Estimate!.Value, 1e-9, 0);
                Near($"{name} {term.Name} se", expected.GetProperty("bse").GetProperty(term.Name).GetDouble(), t.StdError!.Value, 1e-6, 0);
                Near($"{name} {term.Name} t", expected.GetProperty("tvalues").GetProperty(term.Name).GetDouble(), t.TValue!.Value, 1e-6, 0);
                Near($"{name} {term.Name} p", expected.GetProperty("pvalues").GetProperty(term.Name).GetDouble(), t.PValue!.Value, 1e-6, 1e-12);
                // An end near zero is a difference of estimate and margin: its error is measured against the margin.
                var margin = 1e-6 * (t.CiUpper!.Value - t.CiLower!.Value);
                Near($"{name} {term.Name} ci lower", expected.GetProperty("ci_lower").GetProperty(term.Name).GetDouble(), t.CiLower!.Value, 1e-6, margin);
                Near($"{name} {term.Name} ci upper", expected.GetProperty("ci_upper").GetProperty(term.Name).GetDouble(), t.CiUpper!.Value, 1e-6, margin);
            }

            Assert.Equal(terms.Count, expected.GetProperty("params").EnumerateObject().Count() + inference.Aliased.Count);
            Near($"{name} F", Expected(expected, "fvalue", at), inference.FStatistic, 1e-6, 0);
            Near($"{name} F p", Expected(expected, "f_pvalue", at), inference.FPValue, 1e-6, 1e-12);
            if (type == CovarianceType.NonRobust)
            {
                var ninety = OlsInference.Compute(solution, type, null, 0.90, zeroWeights).Terms.ToDictionary(t => t.Term);
                foreach (var term in expected.GetProperty("ci90_lower").EnumerateObject())
                {
                    var margin = 1e-6 * (ninety[term.Name].CiUpper!.Value - ninety[term.Name].CiLower!.Value);
                    Near($"90% {term.Name} lower", term.Value.GetDouble(), ninety[term.Name].CiLower!.Value, 1e-6, margin);
                    Near($"90% {term.Name} upper", expected.GetProperty("ci90_upper").GetProperty(term.Name).GetDouble(), ninety[term.Name].CiUpper!.Value, 1e-6, margin);
                }

                Assert.Equal(record.GetProperty("nobs").GetDouble(), inference.Observations);
                Assert.Equal(record.GetProperty("df_resid").GetDouble(), inference.DfResidual);
                Assert.Equal(record.GetProperty("df_model").GetDouble(), inference.DfModel);
                Assert.Equal(record.GetProperty("rank").GetInt32(), inference.Rank);
                Near("ssr", Expected(record, "ssr", path), solution.ResidualSumOfSquares, 1e-9, 0);
                Near("scale", Expected(record, "scale", path), inference.Scale, 1e-9, 0);
                Near("rsquared", Expected(record, "rsquared", path), inference.RSquared, 1e-9, 0);
                Near("rsquared_adj", Expected(record, "rsquared_adj", path), inference.AdjRSquared, 1e-9, 0);
                Near("llf", Expected(record, "llf", path), inference.LogLikelihood, 1e-9, 0);
                Near("aic", Expected(record, "aic", path), inference.Aic, 1e-9, 0);
                Near("bic", Expected(record, "bic", path), inference.Bic, 1e-9, 0);
                Near("condition number", Expected(record, "condition_number", path), inference.ConditionNumber, 1e-6, 0);
                ComparePredictions(record.GetProperty("predictions"), "nonrobust", inference, Near);
                CompareInfluence(fixture, record, inference, Near);
            }

            if (type == CovarianceType.HC3)
            {
                ComparePredictions(record.GetProperty("predictions"), "HC3", inference, Near);
            }
        }

        return failures;
    }

    private static void ComparePredictions(JsonElement predictions, string name, OlsInference inference, Action<string, double, double, double, double> near)
    {
        var rows = predictions.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var expected = predictions.GetProperty(name);
        double At(string key, int i) => expected.GetProperty(key)[i].GetDouble();
        for (var i = 0; i < rows.Length; i++)
        {
            var p = inference.Predict(rows[i]);
            near($"{name} prediction {i} mean", At("mean", i), p.Mean, 1e-9, 0);
            near($"{name} prediction {i} mean se", At("mean_se", i), p.MeanStdError, 1e-6, 0);
            near($"{name} prediction {i} mean lower", At("mean_ci_lower", i), p.MeanLower, 1e-6, 0);
            near($"{name} prediction {i} mean upper", At("mean_ci_upper", i), p.MeanUpper, 1e-6, 0);
            near($"{name} prediction {i} obs lower", At("obs_ci_lower", i), p.ObservationLower, 1e-6, 0);
            near($"{name} prediction {i} obs upper", At("obs_ci_upper", i), p.ObservationUpper, 1e-6, 0);
        }
    }

    private static void CompareInfluence(StatisticsFixture fixture, JsonElement record, OlsInference inference, Action<string, double, double, double, double> near)
    {
        if (record.GetProperty("influence").ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var influence = record.GetProperty("influence");
        var rows = influence.GetProperty("rows").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        // The dropped-rows record numbers the rows of positive weight only.
        var positive = Enumerable.Range(0, fixture.Rows).Where(r => fixture.Weight(r) > 0).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            var r = fixture.W is null ? rows[i] : positive[rows[i]];
            var actual = inference.Influence(fixture.X[r], fixture.Y[r], fixture.Weight(r));
            near($"hat {rows[i]}", influence.GetProperty("hat_diag")[i].GetDouble(), actual.Leverage, 1e-6, 0);
            near($"cooks {rows[i]}", influence.GetProperty("cooks_distance")[i].GetDouble(), actual.CooksDistance, 1e-6, 0);
            near($"studentized {rows[i]}", influence.GetProperty("resid_studentized_internal")[i].GetDouble(), actual.StudentizedResidual, 1e-6, 0);
        }
    }
}
