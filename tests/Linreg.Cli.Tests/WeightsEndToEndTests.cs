using System.Globalization;
using System.Text;
using System.Text.Json;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// --weights through the whole path against statsmodels WLS (and smf.wls, which make_statistics.py checks equal) on
/// three real tables with a weight column, two with rows of weight 0 (tests/Linreg.Core.Tests/Fixtures/statistics):
/// estimates and standard errors to 1e-9 relative, the weighted metrics against scikit-learn's sample_weight; a
/// stream and merged statistics shards equal the fit in memory to 1e-12.
/// </summary>
public sealed class WeightsEndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> Cases => new()
    {
        { "stackloss_weighted", "nonrobust" }, { "stackloss_weighted", "HC0" }, { "stackloss_weighted", "HC3" },
        { "diabetes_weighted", "nonrobust" }, { "diabetes_weighted", "HC1" }, { "diabetes_weighted", "HC2" },
        { "fair_weighted", "nonrobust" }, { "fair_weighted", "HC3" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weighted_least_squares_matches_statsmodels_wls(string name, string covariance)
    {
        var fixture = Load(name);
        var model = _temp.File(name + ".json");
        var train = CliRunner.Run([.. TrainArguments(fixture), "--se", covariance.ToLowerInvariant(), "--json", "-o", model]);
        Assert.True(train.ExitCode == 0, train.Error);
        using var report = JsonDocument.Parse(train.Output);
        var inference = report.RootElement.GetProperty("inference");
        var expected = fixture.GetProperty("covariances").GetProperty(covariance);
        var failures = new List<string>();
        foreach (var term in inference.GetProperty("coefficients").EnumerateArray())
        {
            var key = term.GetProperty("term").GetString()!;
            Near(failures, $"{key} estimate", expected.GetProperty("params").GetProperty(key).GetDouble(), term.GetProperty("estimate").GetDouble(), 1e-9);
            Near(failures, $"{key} std error", expected.GetProperty("bse").GetProperty(key).GetDouble(), term.GetProperty("stdError").GetDouble(), 1e-9);
            Near(failures, $"{key} p-value", expected.GetProperty("pvalues").GetProperty(key).GetDouble(), term.GetProperty("pValue").GetDouble(), 1e-6, 1e-300);
        }

        Near(failures, "R²", fixture.GetProperty("rsquared").GetDouble(), inference.GetProperty("rSquared").GetDouble(), 1e-9);
        Near(failures, "adjusted R²", fixture.GetProperty("rsquared_adj").GetDouble(), inference.GetProperty("adjRSquared").GetDouble(), 1e-9);
        Near(failures, "F", expected.GetProperty("fvalue").GetDouble(), inference.GetProperty("fStatistic").GetDouble(), 1e-6);
        Assert.Equal(fixture.GetProperty("nobs").GetDouble(), inference.GetProperty("observations").GetDouble());
        Assert.Equal(fixture.GetProperty("df_resid").GetDouble(), inference.GetProperty("dfResidual").GetDouble());
        foreach (var (mine, theirs) in new[] { ("logLikelihood", "llf"), ("aic", "aic"), ("bic", "bic") })
        {
            // statsmodels adds ½ Σ log w: with a weight of 0 the likelihood is -inf (AIC, BIC +inf), which JSON writes as null.
            if (fixture.GetProperty(theirs).ValueKind == JsonValueKind.Null)
            {
                Assert.Equal(JsonValueKind.Null, inference.GetProperty(mine).ValueKind);
            }
            else
            {
                Near(failures, theirs, fixture.GetProperty(theirs).GetDouble(), inference.GetProperty(mine).GetDouble(), 1e-9);
            }
        }

        // The training metrics are scikit-learn's with sample_weight.
        var metrics = report.RootElement.GetProperty("metrics").GetProperty("train");
        var sklearn = fixture.GetProperty("weighted_metrics");
        foreach (var metric in new[] { "mse", "mae", "r2" })
        {
            Near(failures, $"train {metric}", sklearn.GetProperty(metric).GetDouble(), metrics.GetProperty(metric).GetDouble(), 1e-9);
        }

        // predict --interval: new rows weigh 1, as statsmodels' get_prediction assumes by default.
        var predictions = fixture.GetProperty("predictions");
        if (predictions.TryGetProperty(covariance, out var bounds))
        {
            var input = new StringBuilder(string.Join(',', Features(fixture))).Append('\n');
            foreach (var row in predictions.GetProperty("rows").EnumerateArray())
            {
                input.AppendJoin(',', row.EnumerateArray().Select(v => v.GetDouble().ToString("R", CultureInfo.InvariantCulture))).Append('\n');
            }

            var predict = CliRunner.RunWithInput(input.ToString(), "predict", "--model", model, "--interval", "prediction", "--format", "csv");
            Assert.True(predict.ExitCode == 0, predict.Error);
            var lines = predict.Output.TrimEnd('\n').Split('\n');
            for (var i = 1; i < lines.Length; i++)
            {
                var cells = lines[i].Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                var (low, high) = (bounds.GetProperty("obs_ci_lower")[i - 1].GetDouble(), bounds.GetProperty("obs_ci_upper")[i - 1].GetDouble());
                Near(failures, $"row {i} prediction", bounds.GetProperty("mean")[i - 1].GetDouble(), cells[0], 1e-9);
                Near(failures, $"row {i} lower", low, cells[1], 1e-9, 1e-9 * (high - low));
                Near(failures, $"row {i} upper", high, cells[2], 1e-9, 1e-9 * (high - low));
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("stackloss_weighted")]
    [InlineData("diabetes_weighted")]
    public void Evaluate_weighs_the_errors_as_scikit_learn_does(string name)
    {
        var fixture = Load(name);
        var model = _temp.File(name + ".json");
        Assert.Equal(0, CliRunner.Run([.. TrainArguments(fixture), "-q", "-o", model]).ExitCode);
        var evaluate = CliRunner.Run("evaluate", "--model", model, Csv(fixture), "--weights", "w", "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using var report = JsonDocument.Parse(evaluate.Output);
        var metrics = report.RootElement.GetProperty("metrics");
        var sklearn = fixture.GetProperty("weighted_metrics");
        var failures = new List<string>();
        foreach (var metric in new[] { "mse", "mae", "r2" })
        {
            Near(failures, metric, sklearn.GetProperty(metric).GetDouble(), metrics.GetProperty(metric).GetDouble(), 1e-9);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var inspect = CliRunner.Run("inspect", "--model", model);
        Assert.Contains("rows weighted by 'w'", inspect.Output, StringComparison.Ordinal);
        var unweighted = CliRunner.Run("evaluate", "--model", model, Csv(fixture));
        Assert.Equal(0, unweighted.ExitCode);
        Assert.Contains("was fitted with rows weighted by 'w'; these metrics weigh every row 1 (add --weights w to weigh them)", unweighted.Error, StringComparison.Ordinal);
        var train = CliRunner.Run(TrainArguments(fixture));
        Assert.Contains(" (weighted by 'w') in ", train.Error, StringComparison.Ordinal);

        // --validation FILE weighs its rows by the same column.
        var validated = CliRunner.Run([.. TrainArguments(fixture), "--validation", Csv(fixture), "--json"]);
        Assert.True(validated.ExitCode == 0, validated.Error);
        using var both = JsonDocument.Parse(validated.Output);
        var validation = both.RootElement.GetProperty("metrics").GetProperty("validation");
        foreach (var metric in new[] { "mse", "mae", "r2" })
        {
            Near(failures, $"validation {metric}", sklearn.GetProperty(metric).GetDouble(), validation.GetProperty(metric).GetDouble(), 1e-9);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void A_stream_and_merged_statistics_shards_fit_as_the_rows_in_memory()
    {
        var fixture = Load("diabetes_weighted");
        var lines = File.ReadAllLines(Csv(fixture));
        var shards = new[] { lines[1..150], lines[150..300], lines[300..] }
            .Select((rows, i) => _temp.Write($"shard{i}.csv", string.Join('\n', [lines[0], .. rows]) + "\n")).ToArray();
        string[] columns = ["--target", "y", "--weights", "w"];
        var statsFiles = shards.Select((shard, i) =>
        {
            var output = _temp.File($"shard{i}.stats.json");
            var stats = CliRunner.Run(["stats", shard, .. columns, "-o", output]);
            Assert.True(stats.ExitCode == 0, stats.Error);
            return output;
        }).ToArray();

        var memory = Coefficients(CliRunner.Run([.. TrainArguments(fixture), "--json"]));
        var stream = Coefficients(CliRunner.Run([.. TrainArguments(fixture), "--stream", "--json"]));
        var merged = Coefficients(CliRunner.Run(["train", "--from-stats", .. statsFiles, "--json"]));
        var failures = new List<string>();
        foreach (var (label, other) in new[] { ("stream", stream), ("merged shards", merged) })
        {
            Assert.Equal(memory.Length, other.Length);
            for (var i = 0; i < memory.Length; i++)
            {
                Near(failures, $"{label} estimate {i}", memory[i].Estimate, other[i].Estimate, 1e-12);
                Near(failures, $"{label} std error {i}", memory[i].StdError, other[i].StdError, 1e-12);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("stackloss_weighted", "rows", 3000)]
    [InlineData("stackloss_weighted", "moments", 3000)]
    [InlineData("diabetes_weighted", "moments", 20000)]
    [InlineData("stackloss_weighted", "stream", 3000)]
    public void Gradient_descent_in_float64_converges_to_the_wls_solution(string name, string costFrom, int epochs)
    {
        // The weighted MSE Σ w r² / Σ w, on the rows, on the weighted moments or streamed (one buffer, one batch of
        // every row, a step per epoch), has the WLS solution as its minimum.
        var fixture = Load(name);
        string[] how = costFrom == "stream" ? ["--stream", "--batch-size", "100"] : ["--cost-from", costFrom];
        var result = CliRunner.Run([
            "train", Csv(fixture), "--target", fixture.GetProperty("target").GetString()!, "--features", string.Join(',', Features(fixture)), "--weights", "w",
            "--dtype", "float64", "--standardize", "--lr", "auto", "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--log-every", "0", .. how, "--json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        var expected = fixture.GetProperty("covariances").GetProperty("nonrobust").GetProperty("params");
        var failures = new List<string>();
        var weights = report.RootElement.GetProperty("weights").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        foreach (var (feature, weight) in Features(fixture).Zip(weights))
        {
            Near(failures, feature, expected.GetProperty(feature).GetDouble(), weight, 1e-9);
        }

        Near(failures, "bias", expected.GetProperty("(Intercept)").GetDouble(), report.RootElement.GetProperty("bias").GetDouble(), 1e-9);
        Near(failures, "final cost", fixture.GetProperty("weighted_metrics").GetProperty("mse").GetDouble(), report.RootElement.GetProperty("finalCost").GetDouble(), 1e-9);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("ridge")]
    [InlineData("lasso")]
    [InlineData("elasticnet")]
    public void A_weighted_penalty_solves_scikit_learns_sample_weight_objective(string name)
    {
        // tests/Linreg.Core.Tests/Fixtures/weights/make_weighted_penalties.py: Ridge, Lasso, ElasticNet fitted with sample_weight.
        var folder = Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "weights");
        var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "weighted_penalties.json"))).RootElement;
        var expected = fixture.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        string[] ratio = expected.GetProperty("l1_ratio").ValueKind == JsonValueKind.Null ? [] : ["--l1-ratio", expected.GetProperty("l1_ratio").GetDouble().ToString("R", CultureInfo.InvariantCulture)];
        var result = CliRunner.Run([
            "train", Path.Combine(folder, fixture.GetProperty("csv").GetString()!), "--target", "y", "--weights", "w", "--solver", "lstsq",
            "--penalty", expected.GetProperty("penalty").GetString()!, "--alpha", expected.GetProperty("alpha").GetDouble().ToString("R", CultureInfo.InvariantCulture), .. ratio, "--json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        var coefficients = expected.GetProperty("coef").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        var scale = coefficients.Max(Math.Abs);
        var failures = new List<string>();
        foreach (var (weight, i) in report.RootElement.GetProperty("weights").EnumerateArray().Select((w, i) => (w.GetDouble(), i)))
        {
            Near(failures, $"coefficient {i}", coefficients[i], weight, 1e-9, 1e-9 * scale);
        }

        Near(failures, "intercept", expected.GetProperty("intercept").GetDouble(), report.RootElement.GetProperty("bias").GetDouble(), 1e-9);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("x,w,y\n1,1,2\n2,-1,4\n3,1,7\n", ExitCode.DataError, "data row 2, column 'w': weight -1; weights must be finite and ≥ 0")]
    [InlineData("x,w,y\n1,0,2\n2,0,4\n3,0,7\n", ExitCode.DataError, "every weight in column 'w' is 0 (3 row(s))")]
    [InlineData("x,w,y\n1,1,2\n2,,4\n3,1,7\n", ExitCode.DataError, ":3:2:")]
    [InlineData("x,w,y\n1,1,2\n2,1,4\n3,1,7\n", ExitCode.UsageError, "column 'y' cannot be both the target and the weights", "--target", "y", "--weights", "y")]
    [InlineData("x,w,y\n1,1,2\n2,1,4\n3,1,7\n", ExitCode.UsageError, "column 'w' cannot be both the weights and a feature", "--features", "x,w")]
    [InlineData("x,w,y\n1,1,2\n2,1,4\n3,1,7\n", ExitCode.UsageError, "--weights: a penalised gradient descent does not take weights yet", "--solver", "gd", "--penalty", "l2")]
    [InlineData("x,w,y\n1,1,2\n2,1,4\n3,1,7\n", ExitCode.UsageError, "--weights: --alpha auto does not take weights yet", "--penalty", "l1", "--alpha", "auto")]
    [InlineData("x,w,y\n1,1,2\n2,1,4\n3,1,7\n", ExitCode.UsageError, "--weights: --standardize with a penalty does not take weights yet", "--penalty", "l2", "--standardize")]
    public void Bad_weights_are_refused_in_one_line(string csv, ExitCode code, string message, params string[] extra)
    {
        string[] solver = extra.Contains("--solver") ? [] : ["--solver", "lstsq"];
        string[] weights = extra.Contains("--weights") ? [] : ["--weights", "w"];
        var result = CliRunner.Run(["train", _temp.Write("data.csv", csv), .. solver, .. weights, .. extra]);
        Assert.Equal((int)code, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Zero_weight_rows_are_dropped_by_missing_drop_only_when_missing()
    {
        // A missing weight follows --missing; the row is then not counted at all (a weight of 0 is counted in n).
        var data = _temp.Write("data.csv", "x,w,y\n1,1,2\n2,,4\n3,1,7\n4,0,9\n5,2,11\n");
        var result = CliRunner.Run("train", data, "--solver", "lstsq", "--weights", "w", "--missing", "drop", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        Assert.Equal(4, report.RootElement.GetProperty("inference").GetProperty("observations").GetInt32());
        Assert.Equal(1, report.RootElement.GetProperty("droppedRows").GetInt32());
    }

    [Fact]
    public void A_weighted_model_draws_no_unweighted_diagnostics()
    {
        var fixture = Load("stackloss_weighted");
        var model = _temp.File("model.json");
        Assert.Equal(0, CliRunner.Run([.. TrainArguments(fixture), "-q", "-o", model]).ExitCode);
        var plot = CliRunner.Run("plot", "--model", model, Csv(fixture), "--kind", "leverage", "-o", _temp.File("plot.png"));
        Assert.Equal((int)ExitCode.UsageError, plot.ExitCode);
        Assert.Contains("fitted with rows weighted by 'w'", plot.Error, StringComparison.Ordinal);
    }

    private static (double Estimate, double StdError)[] Coefficients(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        return [.. report.RootElement.GetProperty("inference").GetProperty("coefficients").EnumerateArray()
            .Select(t => (t.GetProperty("estimate").GetDouble(), t.GetProperty("stdError").GetDouble()))];
    }

    private static string[] TrainArguments(JsonElement fixture) =>
    [
        "train", Csv(fixture), "--solver", "lstsq", "--target", fixture.GetProperty("target").GetString()!,
        "--features", string.Join(',', Features(fixture)), "--weights", fixture.GetProperty("weights").GetString()!,
    ];

    private static string[] Features(JsonElement fixture) => [.. fixture.GetProperty("features").EnumerateArray().Select(e => e.GetString()!)];

    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "statistics");

    private static string Csv(JsonElement fixture) => Path.Combine(Folder, fixture.GetProperty("csv").GetString()!);

    private static JsonElement Load(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json"))).RootElement;

    private static void Near(List<string> failures, string label, double expected, double actual, double relative, double absolute = 0)
    {
        if (!(Math.Abs(actual - expected) <= Math.Max(relative * Math.Abs(expected), absolute)))
        {
            failures.Add($"{label}: expected {expected:R}, got {actual:R}");
        }
    }
}
