using System.Globalization;
using System.Text.Json;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Design;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// Formulas and categorical columns against statsmodels 0.14's <c>ols(formula, data).fit()</c> and patsy on real
/// tables (Fixtures/design, written by make_design.py there): the same design columns, named and ordered as patsy
/// names and orders them, and the same estimates and standard errors to 1e-9 relative (with --weights, those of
/// statsmodels' <c>wls(formula, data, weights=...)</c>).
/// </summary>
public sealed class DesignTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "design");

    private static readonly Lazy<JsonElement> Fixture = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "design.json"))).RootElement);

    private static JsonElement Case(string name) => Fixture.Value.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Cases => new() { "grunfeld", "grunfeld_auto", "grunfeld_terms", "grunfeld_no_intercept", "grunfeld_years", "grunfeld_missing", "grunfeld_weighted", "fair", "diabetes" };

    /// <summary>The fixture's linreg options as a job's settings.</summary>
    private static TrainJobSettings Settings(JsonElement fixture, string? modelPath = null)
    {
        var args = fixture.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        string? Value(string option) => args.IndexOf(option) is var i and >= 0 ? args[i + 1] : null;
        return new TrainJobSettings
        {
            Data = [Path.Combine(Folder, fixture.GetProperty("csv").GetString()!)],
            Formula = fixture.GetProperty("formula").GetString(),
            Columns = new ColumnSelection(Value("--target"), Value("--features")?.Split(','), Value("--weights")),
            Categorical = Value("--categorical")?.Split(',') ?? [],
            Missing = Value("--missing") == "drop" ? MissingValuePolicy.Drop : MissingValuePolicy.Error,
            Training = new TrainSettings { Solver = SolverKind.Lstsq },
            ModelPath = modelPath,
        };
    }

    private static (TrainOutcome Outcome, string Diagnostics) Train(TrainJobSettings settings)
    {
        var diagnostics = new StringWriter();
        var outcome = TrainJob.Run(settings, new JobIO(new StringWriter(), diagnostics, () => Stream.Null), "test", CancellationToken.None);
        return (outcome, diagnostics.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Coefficients_and_standard_errors_equal_statsmodels(string name)
    {
        var fixture = Case(name);
        var (outcome, _) = Train(Settings(fixture));
        var model = outcome.Model;
        Assert.Equal(fixture.GetProperty("names").EnumerateArray().Select(n => n.GetString()!), model.FeatureNames);
        Assert.Equal(fixture.GetProperty("intercept").GetBoolean(), model.HasIntercept);
        Assert.Equal(fixture.GetProperty("nobs").GetInt32(), model.Inference!.Observations);
        var failures = new List<string>();
        foreach (var term in model.Inference.Terms)
        {
            Near(failures, term.Term + " estimate", fixture.GetProperty("params").GetProperty(term.Term).GetDouble(), term.Estimate!.Value);
            Near(failures, term.Term + " std error", fixture.GetProperty("bse").GetProperty(term.Term).GetDouble(), term.StdError!.Value);
        }

        Assert.Equal(fixture.GetProperty("params").EnumerateObject().Count(), model.Inference.Terms.Count);
        if (model.HasIntercept)
        {
            // Without an intercept statsmodels centres R² when the columns span a constant (every level of a
            // category); linreg's R² is then the uncentred one R reports.
            Near(failures, "R²", fixture.GetProperty("rsquared").GetDouble(), model.Inference.RSquared);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_formula_model_predicts_new_rows_as_statsmodels_after_a_save_and_load()
    {
        var path = _temp.File("grunfeld.json");
        _ = Train(Settings(Case("grunfeld"), path));
        var output = new StringWriter();
        var rows = PredictJob.Run(new PredictJobSettings { ModelPath = path, Data = Path.Combine(Folder, "grunfeld_new.csv") }, new JobIO(output, TextWriter.Null, () => Stream.Null), CancellationToken.None);
        var predicted = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var expected = Fixture.Value.GetProperty("predict").GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, rows);
        var failures = new List<string>();
        for (var i = 0; i < expected.Length; i++)
        {
            Near(failures, $"row {i + 1}", expected[i], predicted[i]);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_categorical_model_and_the_formula_model_predict_the_same_after_a_round_trip()
    {
        var formula = _temp.File("formula.json");
        var plain = _temp.File("plain.json");
        _ = Train(Settings(Case("grunfeld"), formula));
        var (outcome, diagnostics) = Train(Settings(Case("grunfeld_auto"), plain));
        Assert.Contains("linreg: column 'firm' is categorical: 11 level(s), treatment-coded against the first, 'American Steel'", diagnostics, StringComparison.Ordinal);
        var loaded = ModelFile.Load(plain).Model;
        Assert.Equal(outcome.Model.FeatureNames, loaded.FeatureNames);
        Assert.Equal("invest ~ value + capital + firm", loaded.Design!.Describe(loaded.TargetName));
        string Predict(string model)
        {
            var output = new StringWriter();
            _ = PredictJob.Run(new PredictJobSettings { ModelPath = model, Data = Path.Combine(Folder, "grunfeld_new.csv") }, new JobIO(output, TextWriter.Null, () => Stream.Null), CancellationToken.None);
            return output.ToString();
        }

        var a = Predict(formula).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var b = Predict(plain).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(a.Length, b.Length);
        Assert.All(a.Zip(b), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-9 * Math.Abs(p.First), $"{p.First} against {p.Second}"));
    }

    [Fact]
    public void An_unseen_level_is_a_data_error_naming_the_line_and_the_level()
    {
        var path = _temp.File("grunfeld.json");
        _ = Train(Settings(Case("grunfeld"), path));
        var data = _temp.File("new.csv");
        File.WriteAllText(data, "invest,value,capital,firm,year\n1,2,3,IBM,1950\n1,2,3,Nobody,1950\n");
        var error = Assert.Throws<LinregException>(() => PredictJob.Run(new PredictJobSettings { ModelPath = path, Data = data }, new JobIO(new StringWriter(), TextWriter.Null, () => Stream.Null), CancellationToken.None));
        Assert.Equal(ExitCode.DataError, error.Code);
        Assert.StartsWith($"{data}:3:4: column 'firm' has the level 'Nobody', which the model never saw", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_text_cell_after_numbers_is_a_data_error_naming_the_cell_and_the_remedy()
    {
        var data = _temp.File("zip.csv");
        File.WriteAllText(data, "zip,x,y\n10115,1,2\n20095,2,3\n8001a,3,5\n10115,4,6\n");
        var settings = new TrainJobSettings { Data = [data], Training = new TrainSettings { Solver = SolverKind.Lstsq } };
        var error = Assert.Throws<LinregException>(() => Train(settings));
        Assert.Equal(ExitCode.DataError, error.Code);
        Assert.Equal($"{data}:4:1: column 'zip' has '8001a', which is not a number (numbers use '.' for decimals, e.g. 1.5), though the column's first cells are numbers; leave the column out with --features, or read it as categories with --categorical", error.Message);

        var (outcome, _) = Train(settings with { Categorical = ["zip"] });
        Assert.Equal(["zip[T.20095]", "zip[T.8001a]", "x"], outcome.Model.FeatureNames);
    }

    [Fact]
    public void Gradient_descent_trains_on_a_design()
    {
        var settings = Settings(Case("grunfeld")) with { Training = new TrainSettings { Standardize = true, LearningRateAuto = true, Epochs = 5000, LogEvery = 0, DType = DataType.Float64 } };
        var (outcome, _) = Train(settings);
        var fixture = Case("grunfeld");
        Assert.Equal(fixture.GetProperty("names").EnumerateArray().Select(n => n.GetString()!), outcome.Model.FeatureNames);
        Assert.InRange(outcome.TrainMetrics.Mse, 0, outcome.OptimumCost!.Value * 1.01);
    }

    /// <summary>Column names and order as patsy 0.5 gives them for these formulas (printed by patsy.dmatrices in the peer chroot).</summary>
    [Theory]
    [InlineData("y ~ I(a/2 + b**2) + np.exp(a/1000) + np.sqrt(b) + np.log(a+1) + I(-a) + I((a+1)**2) + I(a*2-b)", "I(a / 2 + b ** 2)|np.exp(a / 1000)|np.sqrt(b)|np.log(a + 1)|I(-a)|I((a + 1) ** 2)|I(a * 2 - b)")]
    [InlineData("y ~ g:h", "h[T.q]|g[T.v]:h[p]|g[T.w]:h[p]|g[T.v]:h[q]|g[T.w]:h[q]")]
    [InlineData("y ~ a:g:h", "a:g[u]:h[p]|a:g[v]:h[p]|a:g[w]:h[p]|a:g[u]:h[q]|a:g[v]:h[q]|a:g[w]:h[q]")]
    [InlineData("y ~ g*h", "g[T.v]|g[T.w]|h[T.q]|g[T.v]:h[T.q]|g[T.w]:h[T.q]")]
    [InlineData("y~ g + h - 1", "g[u]|g[v]|g[w]|h[T.q]")]
    [InlineData("y ~ a:b:g + a", "a:b:g[u]|a:b:g[v]|a:b:g[w]|a")]
    [InlineData("y ~ C(n) + g", "C(n)[T.2]|C(n)[T.3]|g[T.v]|g[T.w]")]
    [InlineData("y ~ h:g + g", "g[T.v]|g[T.w]|h[T.q]:g[u]|h[T.q]:g[v]|h[T.q]:g[w]")]
    [InlineData("y ~ a + b:a + g:a", "a|g[T.v]:a|g[T.w]:a|b:a")]
    [InlineData("y ~ g:a:h + h", "h[T.q]|g[u]:a:h[p]|g[v]:a:h[p]|g[w]:a:h[p]|g[u]:a:h[q]|g[v]:a:h[q]|g[w]:a:h[q]")]
    [InlineData("y~ C(n):a", "C(n)[1]:a|C(n)[2]:a|C(n)[3]:a")]
    public void Design_columns_are_named_and_ordered_as_patsy_does(string formula, string columns)
    {
        var data = _temp.File("small.csv");
        File.WriteAllText(data, "y,a,b,g,h,n\n1,1,2,u,p,3\n2,2,1,v,q,1\n3,3,4,w,p,2\n4,4,3,u,q,3\n5,5,6,v,p,1\n6,7,5,w,q,2\n7,8,8,u,p,1\n2,9,3,v,q,2\n8,3,9,w,p,3\n3,6,2,u,q,1\n9,2,7,v,p,2\n4,5,5,w,q,3\n");
        var settings = new TrainJobSettings { Data = [data], Formula = formula, Training = new TrainSettings { Solver = SolverKind.Lstsq } };
        var (outcome, _) = Train(settings);
        Assert.Equal(columns.Split('|'), outcome.Model.FeatureNames);
    }

    [Theory]
    [InlineData("y a + b", "--formula 'y a + b': it has no '~' between the target and the terms")]
    [InlineData("y ~ a + foo(b)", "--formula 'y ~ a + foo(b)': 'foo' is not a function linreg knows")]
    [InlineData("y ~ C(a, Sum)", "--formula 'y ~ C(a, Sum)': C() takes one column here (no contrast options)")]
    [InlineData("y ~ (a + b)**2", "--formula 'y ~ (a + b)**2': '**' between terms is not supported")]
    public void A_formula_linreg_cannot_read_is_a_usage_error(string formula, string message)
    {
        var error = Assert.Throws<LinregException>(() => Formula.Parse(formula));
        Assert.Equal(ExitCode.UsageError, error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static void Near(List<string> failures, string label, double expected, double actual)
    {
        if (!(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected)))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: expected {expected:R}, got {actual:R} (relative {Math.Abs(actual - expected) / Math.Abs(expected):G3})"));
        }
    }
}
