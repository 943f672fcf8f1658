using System.Globalization;
using System.Text;
using System.Text.Json;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// The whole path a user takes (the table reader, train --solver lstsq --json, the model file, predict --interval)
/// against statsmodels 0.14 on real data sets (tests/Linreg.Core.Tests/Fixtures/statistics, written by
/// make_statistics.py there): estimates to 1e-9 relative, standard errors, p-values and intervals to 1e-6.
/// </summary>
public sealed class StatisticsEndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> Cases => new()
    {
        { "longley", "nonrobust" }, { "longley", "HC3" },
        { "diabetes", "nonrobust" }, { "diabetes", "HC3" },
        { "diabetes_one_sex", "nonrobust" }, { "diabetes_one_sex", "HC3" },
        { "stackloss_dependent", "nonrobust" }, { "stackloss_dependent", "HC3" },
        { "stackloss_nointercept", "nonrobust" }, { "stackloss_nointercept", "HC3" },
        { "fair", "HC3" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Train_and_predict_match_statsmodels(string name, string covariance)
    {
        var fixture = Load(name);
        var model = _temp.File(name + ".json");
        var train = CliRunner.Run([.. TrainArguments(fixture, covariance), "--json", "-o", model]);
        Assert.True(train.ExitCode == 0, train.Error);
        using var report = JsonDocument.Parse(train.Output);
        var inference = report.RootElement.GetProperty("inference");
        var expected = fixture.GetProperty("covariances").GetProperty(covariance);
        var failures = new List<string>();
        foreach (var term in inference.GetProperty("coefficients").EnumerateArray())
        {
            var label = term.GetProperty("term").GetString()!;
            var key = label;
            if (!expected.GetProperty("params").TryGetProperty(key, out var estimate))
            {
                Assert.Contains(label, fixture.GetProperty("aliased").EnumerateArray().Select(e => e.GetString()));
                Assert.Equal(JsonValueKind.Null, term.GetProperty("estimate").ValueKind);
                continue;
            }

            Near(failures, $"{label} estimate", estimate.GetDouble(), term.GetProperty("estimate").GetDouble(), 1e-9);
            Near(failures, $"{label} std error", expected.GetProperty("bse").GetProperty(key).GetDouble(), term.GetProperty("stdError").GetDouble(), 1e-6);
            Near(failures, $"{label} p-value", expected.GetProperty("pvalues").GetProperty(key).GetDouble(), term.GetProperty("pValue").GetDouble(), 1e-6, 1e-300);
            Near(failures, $"{label} ci lower", expected.GetProperty("ci_lower").GetProperty(key).GetDouble(), term.GetProperty("ciLower").GetDouble(), 1e-6, 1e-6 * Width(expected, key));
            Near(failures, $"{label} ci upper", expected.GetProperty("ci_upper").GetProperty(key).GetDouble(), term.GetProperty("ciUpper").GetDouble(), 1e-6, 1e-6 * Width(expected, key));
        }

        Near(failures, "R²", fixture.GetProperty("rsquared").GetDouble(), inference.GetProperty("rSquared").GetDouble(), 1e-9);
        Near(failures, "adjusted R²", fixture.GetProperty("rsquared_adj").GetDouble(), inference.GetProperty("adjRSquared").GetDouble(), 1e-9);
        Near(failures, "F", expected.GetProperty("fvalue").GetDouble(), inference.GetProperty("fStatistic").GetDouble(), 1e-6);
        Near(failures, "AIC", fixture.GetProperty("aic").GetDouble(), inference.GetProperty("aic").GetDouble(), 1e-9);
        Near(failures, "BIC", fixture.GetProperty("bic").GetDouble(), inference.GetProperty("bic").GetDouble(), 1e-9);
        Near(failures, "condition number", fixture.GetProperty("condition_number").GetDouble(), inference.GetProperty("conditionNumber").GetDouble(), 1e-6);
        Assert.Equal(fixture.GetProperty("df_resid").GetDouble(), inference.GetProperty("dfResidual").GetDouble());

        // predict --interval from the model file, on the fixture's rows, both kinds.
        var predictions = fixture.GetProperty("predictions");
        var features = fixture.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var input = new StringBuilder(string.Join(',', features)).Append('\n');
        foreach (var row in predictions.GetProperty("rows").EnumerateArray())
        {
            input.AppendJoin(',', row.EnumerateArray().Select(v => v.GetDouble().ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        if (predictions.TryGetProperty(covariance, out var bounds))
        {
            foreach (var (kind, lower, upper) in new[] { ("confidence", "mean_ci_lower", "mean_ci_upper"), ("prediction", "obs_ci_lower", "obs_ci_upper") })
            {
                var predict = CliRunner.RunWithInput(input.ToString(), "predict", "--model", model, "--interval", kind, "--format", "csv");
                Assert.True(predict.ExitCode == 0, predict.Error);
                var lines = predict.Output.TrimEnd('\n').Split('\n');
                Assert.EndsWith(",lower,upper", lines[0], StringComparison.Ordinal);
                for (var i = 1; i < lines.Length; i++)
                {
                    var cells = lines[i].Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                    var mean = bounds.GetProperty("mean")[i - 1].GetDouble();
                    var (low, high) = (bounds.GetProperty(lower)[i - 1].GetDouble(), bounds.GetProperty(upper)[i - 1].GetDouble());
                    Near(failures, $"row {i} prediction", mean, cells[0], 1e-9);
                    Near(failures, $"row {i} {kind} lower", low, cells[1], 1e-6, 1e-6 * (high - low));
                    Near(failures, $"row {i} {kind} upper", high, cells[2], 1e-6, 1e-6 * (high - low));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Twenty_runs_of_a_rank_deficient_fit_write_byte_identical_models()
    {
        // The constant column that made torch's gelsy driver give a different wrong fit run to run.
        var fixture = Load("diabetes_one_sex");
        var first = File.ReadAllBytes(TrainModel(fixture, 0));
        for (var run = 1; run < 20; run++)
        {
            Assert.Equal(first, File.ReadAllBytes(TrainModel(fixture, run)));
        }

        using var model = JsonDocument.Parse(first);
        Assert.Equal(JsonValueKind.Null, model.RootElement.GetProperty("weights")[1].ValueKind);
    }

    [Fact]
    public void An_aliased_column_is_named_on_stderr()
    {
        var result = CliRunner.Run(TrainArguments(Load("stackloss_dependent"), "nonrobust"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("linreg: warning: AirWater is aliased (NA, as R reports it)", result.Error, StringComparison.Ordinal);
        Assert.Matches(@"\nAirWater +NA +NA +NA +NA\n", result.Output);
        Assert.Contains("Coefficients: (1 not defined because of singularities)\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fit_with_no_degrees_of_freedom_left_is_said_and_its_model_reads_back()
    {
        var data = _temp.Write("two.csv", "x,y\n1,2\n2,5\n");
        var model = _temp.File("two.json");
        var train = CliRunner.Run("train", data, "--solver", "lstsq", "-o", model);
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("leaves no degrees of freedom", train.Error, StringComparison.Ordinal);
        var inspect = CliRunner.Run("inspect", "--model", model);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Matches(@"\nx +3\.000 +NA +NA +NA\n", inspect.Output);
    }

    [Fact]
    public void An_ill_conditioned_design_is_named_with_its_condition_number()
    {
        var result = CliRunner.Run(TrainArguments(Load("longley"), "nonrobust"));
        Assert.Contains("linreg: warning: the condition number is 4.9e+09", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x1,x2,y\n1,2,3\n2,1,4\n", "2 row(s) for 3 parameters (the intercept and 2 feature(s)): least squares needs at least as many rows as parameters", ExitCode.DataError)]
    [InlineData("x,y\n1,2\n2,4\n3,7\n", "--standardize applies to gradient descent", ExitCode.UsageError, "--standardize")]
    [InlineData("x,y\n1,2\n2,4\n3,7\n", "--level must be between 0 and 1", ExitCode.UsageError, "--level", "95")]
    public void What_the_exact_solver_cannot_do_is_refused(string csv, string message, ExitCode code, params string[] extra)
    {
        var result = CliRunner.Run(["train", _temp.Write("data.csv", csv), "--solver", "lstsq", .. extra]);
        Assert.Equal((int)code, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--se", "hc3")]
    [InlineData("--no-intercept")]
    [InlineData("--level", "0.9")]
    public void Inference_options_without_the_exact_solver_are_refused(params string[] option)
    {
        var result = CliRunner.Run(["train", RepoPaths.Examples("seed.csv"), .. option]);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains($"{option[0]} applies to --solver lstsq", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Intervals_need_a_model_with_standard_errors()
    {
        var model = _temp.File("gd.json");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "-o", model, "-q").ExitCode);
        var result = CliRunner.RunWithInput("x\n4\n", "predict", "--model", model, "--interval", "prediction");
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains("--interval needs the standard errors of an exact fit", result.Error, StringComparison.Ordinal);
        var level = CliRunner.RunWithInput("x\n4\n", "predict", "--model", model, "--level", "0.9");
        Assert.Equal((int)ExitCode.UsageError, level.ExitCode);
        Assert.Contains("--level sets the level of --interval", level.Error, StringComparison.Ordinal);
    }

    private string TrainModel(JsonElement fixture, int run)
    {
        var path = _temp.File($"run{run}.json");
        Assert.Equal(0, CliRunner.Run([.. TrainArguments(fixture, "nonrobust"), "-o", path, "-q"]).ExitCode);
        return path;
    }

    private static string[] TrainArguments(JsonElement fixture, string covariance)
    {
        var csv = Path.Combine(Folder, fixture.GetProperty("csv").GetString()!);
        string[] arguments =
        [
            "train", csv, "--solver", "lstsq", "--se", covariance.ToLowerInvariant(),
            "--target", fixture.GetProperty("target").GetString()!,
            "--features", string.Join(',', fixture.GetProperty("features").EnumerateArray().Select(e => e.GetString())),
        ];
        return fixture.GetProperty("intercept").GetBoolean() ? arguments : [.. arguments, "--no-intercept"];
    }

    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "statistics");

    private static JsonElement Load(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json"))).RootElement;

    private static double Width(JsonElement expected, string key) =>
        expected.GetProperty("ci_upper").GetProperty(key).GetDouble() - expected.GetProperty("ci_lower").GetProperty(key).GetDouble();

    private static void Near(List<string> failures, string label, double expected, double actual, double relative, double absolute = 0)
    {
        if (!(Math.Abs(actual - expected) <= Math.Max(relative * Math.Abs(expected), absolute)))
        {
            failures.Add($"{label}: expected {expected:R}, got {actual:R}");
        }
    }
}

/// <summary>
/// The digits the exact solver gets through the whole path (decimal text, the reader's correctly rounded doubles,
/// the QR) on ill-conditioned designs whose solutions were computed in exact rational arithmetic
/// (tests/Linreg.Core.Tests/Fixtures/accuracy, make_accuracy.py there): within 2 of what double-precision input allows.
/// </summary>
public sealed class AccuracyEndToEndTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new() { "poly5", "poly10", "collinear", "pontius", "longley" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_coefficient_is_within_two_digits_of_what_the_data_allow(string name)
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "accuracy");
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, name + ".json")));
        var root = fixture.RootElement;

        // --rank-tol 0: at R's 1e-7 the degree-10 polynomial's last column is aliased, as R's lm does too.
        var result = CliRunner.Run(
            "train", Path.Combine(folder, root.GetProperty("csv").GetString()!), "--solver", "lstsq", "--rank-tol", "0", "--json",
            "--target", root.GetProperty("target").GetString()!, "--features", string.Join(',', root.GetProperty("features").EnumerateArray().Select(e => e.GetString())));
        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        var estimates = report.RootElement.GetProperty("inference").GetProperty("coefficients").EnumerateArray().Select(t => t.GetProperty("estimate").GetDouble()).ToArray();
        var exact = root.GetProperty("exact").EnumerateArray().Select(e => double.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(exact.Length, estimates.Length);
        var digits = estimates.Zip(exact, (estimate, truth) => -Math.Log10(Math.Max(Math.Abs(estimate - truth) / Math.Abs(truth), 1e-17))).Min();
        var allowed = root.GetProperty("allowed_digits").GetDouble();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {digits:F2} digits (allowed {allowed:F2}, numpy {root.GetProperty("numpy_digits").GetDouble():F2})"));
        Assert.True(digits >= allowed - 2, $"{name}: {digits:F2} digits where the data allow {allowed:F2}");
    }
}
