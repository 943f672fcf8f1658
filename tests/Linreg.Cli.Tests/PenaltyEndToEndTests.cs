using System.Globalization;
using System.Text.Json;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// --penalty, --alpha auto and --cv through the command line, against scikit-learn on real data (Fixtures/penalties,
/// make_penalties.py): Ridge, Lasso and ElasticNet (tol 1e-12), LassoCV, ElasticNetCV and RidgeCV on the same folds
/// and grid, and cross_validate's per-fold metrics.
/// </summary>
public class PenaltyEndToEndTests
{
    public static TheoryData<string> DataSets { get; } = ["diabetes", "longley", "stackloss", "fair"];

    [Theory]
    [MemberData(nameof(DataSets))]
    public void Exact_penalised_fits_equal_scikit_learns(string name)
    {
        var (csv, fixture) = Fixture(name);
        foreach (var fit in fixture.GetProperty("fits").EnumerateArray())
        {
            string[] args =
            [
                "train", csv, "--solver", "lstsq", "--penalty", fit.GetProperty("penalty").GetString()!, "--alpha", Text(fit.GetProperty("alpha").GetDouble()), "--json", "--quiet",
                .. fit.GetProperty("l1Ratio").ValueKind == JsonValueKind.Number ? ["--l1-ratio", Text(fit.GetProperty("l1Ratio").GetDouble())] : Array.Empty<string>(),
                .. fit.GetProperty("standardize").GetBoolean() ? ["--standardize"] : Array.Empty<string>(),
                .. fit.GetProperty("intercept").GetBoolean() ? Array.Empty<string>() : ["--no-intercept"],
            ];
            var result = CliRunner.Run(args);
            Assert.True(result.ExitCode == 0, string.Join(' ', args) + ": " + result.Error);
            using var json = JsonDocument.Parse(result.Output);
            var what = string.Join(' ', args[2..]);
            AssertClose(Numbers(fit.GetProperty("weights")), Numbers(json.RootElement.GetProperty("weights")), what);
            AssertClose([fit.GetProperty("bias").GetDouble()], [json.RootElement.GetProperty("bias").GetDouble()], what + " bias");
            Assert.False(json.RootElement.TryGetProperty("inference", out _));
        }
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void Alpha_auto_chooses_what_scikit_learns_cv_chooses(string name)
    {
        var (csv, fixture) = Fixture(name);
        foreach (var cv in fixture.GetProperty("crossValidation").EnumerateArray())
        {
            string[] args =
            [
                "train", csv, "--solver", "lstsq", "--penalty", cv.GetProperty("penalty").GetString()!, "--alpha", "auto", "--json", "--quiet",
                .. cv.GetProperty("l1Ratio").ValueKind == JsonValueKind.Number ? ["--l1-ratio", Text(cv.GetProperty("l1Ratio").GetDouble())] : Array.Empty<string>(),
                .. cv.GetProperty("shuffleSeed").ValueKind == JsonValueKind.Number ? ["--shuffle", "--seed", cv.GetProperty("shuffleSeed").GetInt64().ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
            ];
            var result = CliRunner.Run(args);
            Assert.True(result.ExitCode == 0, string.Join(' ', args) + ": " + result.Error);
            using var json = JsonDocument.Parse(result.Output);
            var settings = json.RootElement.GetProperty("settings");
            Assert.True(settings.GetProperty("alphaAuto").GetBoolean());
            Assert.Equal(1, settings.GetProperty("alpha").GetDouble() / cv.GetProperty("alpha").GetDouble(), 1e-12);
            var search = json.RootElement.GetProperty("crossValidation").GetProperty("alphaSearch");
            Assert.Equal(settings.GetProperty("alpha").GetDouble(), search.GetProperty("alpha").GetDouble());
            Assert.Equal(100, search.GetProperty("alphas").GetArrayLength());
            Assert.Equal(5, json.RootElement.GetProperty("crossValidation").GetProperty("folds").GetArrayLength());
        }
    }

    [Fact]
    public void Cv_reports_each_fold_as_scikit_learns_cross_validate_and_their_mean_and_sd()
    {
        var (csv, fixture) = Fixture("diabetes");
        var result = CliRunner.Run("train", csv, "--solver", "lstsq", "--cv", "5", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var report = json.RootElement.GetProperty("crossValidation");
        var expected = fixture.GetProperty("olsFolds").EnumerateArray().ToArray();
        var folds = report.GetProperty("folds").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, folds.Length);
        for (var f = 0; f < folds.Length; f++)
        {
            foreach (var metric in new[] { "mse", "mae", "r2" })
            {
                Assert.Equal(1, folds[f].GetProperty(metric).GetDouble() / expected[f].GetProperty(metric).GetDouble(), 1e-9);
            }

            Assert.Equal(Math.Sqrt(folds[f].GetProperty("mse").GetDouble()), folds[f].GetProperty("rmse").GetDouble(), 12);
            Assert.Equal(expected[f].GetProperty("rows").GetInt32(), folds[f].GetProperty("rows").GetInt32());
        }

        var mses = folds.Select(f => f.GetProperty("mse").GetDouble()).ToArray();
        var mean = mses.Average();
        Assert.Equal(mean, report.GetProperty("mean").GetProperty("mse").GetDouble(), 9);
        Assert.Equal(Math.Sqrt(mses.Sum(m => (m - mean) * (m - mean)) / 4), report.GetProperty("std").GetProperty("mse").GetDouble(), 9);
        Assert.Contains("linreg: 5-fold cross-validation (contiguous folds, as scikit-learn's KFold(5)), each fold scored by a fit on the others:", result.Error, StringComparison.Ordinal);
        Assert.Matches(@"linreg:   mean ± sd: MSE 2993\.\d+ ± 169, RMSE", result.Error);
    }

    [Fact]
    public void Cv_works_for_gradient_descent_and_its_folds_repeat()
    {
        var (csv, _) = Fixture("stackloss");
        string[] args = ["train", csv, "--standardize", "--lr", "auto", "--cv", "3", "--shuffle", "--seed", "4", "--log-every", "0", "--json", "--quiet"];
        var first = CliRunner.Run(args);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Output.Split("\"seconds\"")[0], CliRunner.Run(args).Output.Split("\"seconds\"")[0]);
        using var json = JsonDocument.Parse(first.Output);
        Assert.True(json.RootElement.GetProperty("crossValidation").GetProperty("shuffled").GetBoolean());
        Assert.Equal(21, json.RootElement.GetProperty("crossValidation").GetProperty("folds").EnumerateArray().Sum(f => f.GetProperty("rows").GetInt32()));
    }

    [Fact]
    public void A_penalised_model_records_its_penalty_prints_its_coefficients_and_predicts()
    {
        using var temp = new TempFolder();
        var (csv, _) = Fixture("stackloss");
        var model = temp.File("lasso.json");
        var plot = temp.File("cv.png");
        var result = CliRunner.Run("train", csv, "--solver", "lstsq", "--penalty", "l1", "--alpha", "auto", "--cv", "4", "-o", model, "--plot", plot);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Coefficients (lasso, alpha ", result.Output, StringComparison.Ordinal);
        Assert.Contains("; no standard errors for a penalised fit):\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("linreg: --alpha auto (lasso): 100 alphas from ", result.Error, StringComparison.Ordinal);
        Assert.Contains("fitted on all rows; one-standard-error alpha", result.Error, StringComparison.Ordinal);
        Assert.Equal((800, 500), PngFile.Size(plot));

        using var json = JsonDocument.Parse(File.ReadAllText(model));
        var settings = json.RootElement.GetProperty("training").GetProperty("settings");
        Assert.Equal("l1", settings.GetProperty("penalty").GetString());
        Assert.Equal(4, settings.GetProperty("cv").GetInt32());
        var weights = Numbers(json.RootElement.GetProperty("weights"));
        var bias = json.RootElement.GetProperty("bias").GetDouble();
        var predicted = double.Parse(CliRunner.RunWithInput("AIRFLOW,WATERTEMP,ACIDCONC\n80,27,89\n", "predict", "--model", model).Output, CultureInfo.InvariantCulture);
        Assert.Equal(bias + (80 * weights[0]) + (27 * weights[1]) + (89 * weights[2]), predicted, 4);
        Assert.Contains("lasso, alpha", CliRunner.Run("inspect", "--model", model).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Descent_with_a_penalty_reports_the_exact_penalised_optimum()
    {
        var (csv, _) = Fixture("stackloss");
        var result = CliRunner.Run("train", csv, "--penalty", "l2", "--alpha", "5", "--standardize", "--lr", "auto", "--dtype", "float64", "--log-every", "0");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"linreg: penalised optimum \(ridge, alpha 5\) of MSE \+ penalty [\d.]+; this model is \S+ from it \(0\.00% above\)", result.Error);
    }

    [Fact]
    public void A_stream_fits_the_same_penalised_model_and_finds_the_same_auto_rate()
    {
        var (csv, fixture) = Fixture("diabetes");
        string[] elasticNet = ["train", csv, "--solver", "lstsq", "--penalty", "elasticnet", "--alpha", "0.3", "--json", "--quiet"];
        using var memory = JsonDocument.Parse(CliRunner.Run(elasticNet).Output);
        using var streamed = JsonDocument.Parse(CliRunner.Run([.. elasticNet, "--stream"]).Output);
        AssertClose(Numbers(memory.RootElement.GetProperty("weights")), Numbers(streamed.RootElement.GetProperty("weights")), "streamed elastic net");

        // One batch of all 442 rows: full-batch descent at 1/L of the standardized data, found in a pass of its own.
        var auto = CliRunner.Run("train", csv, "--stream", "--standardize", "--lr", "auto", "--batch-size", "442", "--epochs", "2", "--json", "--quiet");
        Assert.Equal(0, auto.ExitCode);
        using var json = JsonDocument.Parse(auto.Output);
        var expected = fixture.GetProperty("curvature").GetProperty("standardized").GetProperty("stableBelow").GetDouble() / 2;
        Assert.Equal(1, json.RootElement.GetProperty("settings").GetProperty("lr").GetDouble() / expected, 1e-9);
    }

    [Theory]
    [InlineData("--alpha sets a penalty's strength", "--alpha", "0.1")]
    [InlineData("--alpha auto fits 100 penalties in every --cv fold, which needs the exact solver", "--penalty", "l1", "--alpha", "auto")]
    [InlineData("--stream: --cv holds the folds in memory; drop --stream", "--cv", "3", "--stream")]
    [InlineData("--plot draws the cost of each gradient-descent step", "--solver", "lstsq", "--plot", "x.png")]
    [InlineData("--alpha expects a number such as 0.1, or auto, not 'lots'", "--penalty", "l2", "--alpha", "lots")]
    public void Penalty_and_cv_mistakes_are_usage_errors(string message, params string[] options)
    {
        var result = CliRunner.Run(["train", RepoPaths.Examples("scores.csv"), .. options]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.ErrorLine, StringComparison.Ordinal);
    }

    private static (string Csv, JsonElement Fixture) Fixture(string name)
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "penalties");
        var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, name + ".json"))).RootElement;
        return (Path.GetFullPath(Path.Combine(folder, fixture.GetProperty("csv").GetString()!)), fixture);
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>Each within 1e-6 of scikit-learn's (of the largest, near zero); zeros exactly zero.</summary>
    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var largest = expected.Max(Math.Abs);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(actual[j] - expected[j]) <= 1e-6 * Math.Max(Math.Abs(expected[j]), 1e-3 * largest), $"{what}: [{j}] {actual[j]:R} vs {expected[j]:R}");
            Assert.True((expected[j] == 0) == (actual[j] == 0), $"{what}: [{j}] {actual[j]:R} vs {expected[j]:R} (zero pattern)");
        }
    }
}
