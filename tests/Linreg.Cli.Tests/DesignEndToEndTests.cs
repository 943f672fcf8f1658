using System.Globalization;
using System.Text.Json;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// Formulas and categorical columns through the whole path a user takes (train --json, the model file, predict,
/// evaluate, inspect) against statsmodels 0.14 (tests/Linreg.Core.Tests/Fixtures/design, make_design.py there):
/// estimates and standard errors to 1e-9 relative, predictions after the round trip to 1e-9, and one line for
/// each refusal.
/// </summary>
public sealed class DesignEndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "design");

    private static JsonElement Case(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "design.json"))).RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static string[] TrainArguments(JsonElement fixture)
    {
        var formula = fixture.GetProperty("formula").GetString();
        return ["train", Path.Combine(Folder, fixture.GetProperty("csv").GetString()!), .. fixture.GetProperty("args").EnumerateArray().Select(a => a.GetString()!), .. formula is null ? Array.Empty<string>() : ["--formula", formula]];
    }

    [Theory]
    [InlineData("grunfeld")]
    [InlineData("grunfeld_auto")]
    [InlineData("grunfeld_terms")]
    [InlineData("grunfeld_no_intercept")]
    [InlineData("grunfeld_missing")]
    [InlineData("diabetes")]
    public void Train_json_equals_statsmodels(string name)
    {
        var fixture = Case(name);
        var result = CliRunner.Run([.. TrainArguments(fixture), "--json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        var terms = report.RootElement.GetProperty("inference").GetProperty("coefficients").EnumerateArray().ToList();
        string[] expectedNames = [.. fixture.GetProperty("intercept").GetBoolean() ? ["(Intercept)"] : Array.Empty<string>(), .. fixture.GetProperty("names").EnumerateArray().Select(n => n.GetString()!)];
        Assert.Equal(expectedNames, terms.Select(t => t.GetProperty("term").GetString()!));
        foreach (var term in terms)
        {
            var key = term.GetProperty("term").GetString()!;
            Near(fixture.GetProperty("params").GetProperty(key).GetDouble(), term.GetProperty("estimate").GetDouble(), key);
            Near(fixture.GetProperty("bse").GetProperty(key).GetDouble(), term.GetProperty("stdError").GetDouble(), key);
        }
    }

    [Theory]
    [InlineData("grunfeld", "m.pt")]
    [InlineData("grunfeld_auto", "m.pt")]
    [InlineData("grunfeld_auto", "m.safetensors")]
    public void Export_to_pytorch_refuses_a_model_that_encodes_its_columns_in_one_line_and_writes_nothing(string name, string file)
    {
        var model = _temp.File(name + ".json");
        var train = CliRunner.Run([.. TrainArguments(Case(name)), "-o", model, "-q"]);
        Assert.True(train.ExitCode == 0, train.Error);
        var output = _temp.File(file);
        var export = CliRunner.Run("export", "--model", model, "-o", output);
        Assert.Equal((int)Linreg.Core.ExitCode.ModelError, export.ExitCode);
        Assert.StartsWith($"linreg: error: {model}: the model encodes its columns (", export.ErrorLine, StringComparison.Ordinal);
        Assert.Single(export.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("export it with -o FILE.onnx", export.ErrorLine, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_formula_model_predicts_evaluates_and_inspects_after_the_round_trip()
    {
        var model = _temp.File("grunfeld.json");
        var train = CliRunner.Run([.. TrainArguments(Case("grunfeld")), "-o", model, "-q"]);
        Assert.True(train.ExitCode == 0, train.Error);

        var predict = CliRunner.Run("predict", "--model", model, Path.Combine(Folder, "grunfeld_new.csv"));
        Assert.True(predict.ExitCode == 0, predict.Error);
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "design.json"))).RootElement.GetProperty("predict").GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actual = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Near(expected[i], actual[i], $"row {i + 1}");
        }

        var evaluate = CliRunner.Run("evaluate", "--model", model, Path.Combine(Folder, "grunfeld.csv"), "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Near(Case("grunfeld").GetProperty("rsquared").GetDouble(), JsonDocument.Parse(evaluate.Output).RootElement.GetProperty("metrics").GetProperty("r2").GetDouble(), "R²");

        var inspect = CliRunner.Run("inspect", "--model", model);
        Assert.Contains("invest ~ value + capital + C(firm)", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("firm: 11 level(s), reference 'American Steel'", inspect.Output, StringComparison.Ordinal);
    }

    /// <summary>A transformed target (np.log(y)) is evaluated as it was fitted: the model's R² on its own rows is statsmodels'.</summary>
    [Fact]
    public void A_model_with_a_transformed_target_evaluates_its_formula()
    {
        var fixture = Case("diabetes");
        var model = _temp.File("diabetes.json");
        Assert.Equal(0, CliRunner.Run([.. TrainArguments(fixture), "-o", model, "-q"]).ExitCode);
        var evaluate = CliRunner.Run("evaluate", "--model", model, Path.Combine(Folder, "diabetes.csv"), "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Near(fixture.GetProperty("rsquared").GetDouble(), JsonDocument.Parse(evaluate.Output).RootElement.GetProperty("metrics").GetProperty("r2").GetDouble(), "R²");
    }

    [Fact]
    public void Categorical_with_stream_fits_exactly_and_descent_is_refused_in_one_line()
    {
        var fixture = Case("grunfeld_years");
        var result = CliRunner.Run([.. TrainArguments(fixture), "--stream", "--json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var term in JsonDocument.Parse(result.Output).RootElement.GetProperty("inference").GetProperty("coefficients").EnumerateArray())
        {
            var name = term.GetProperty("term").GetString()!;
            Near(fixture.GetProperty("params").GetProperty(name).GetDouble(), term.GetProperty("estimate").GetDouble(), name);
            Near(fixture.GetProperty("bse").GetProperty(name).GetDouble(), term.GetProperty("stdError").GetDouble(), name + " std error");
        }

        var refused = CliRunner.Run("train", Path.Combine(Folder, "grunfeld.csv"), "--categorical", "year", "--stream");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("linreg: error: --categorical with --stream needs --solver lstsq: a design is expanded from the rows in memory otherwise; add --solver lstsq, or train without --stream", refused.Error.TrimEnd('\n'));
    }

    [Fact]
    public void Stats_shards_of_a_formula_with_other_levels_merge_into_statsmodels_fit()
    {
        var fixture = Case("grunfeld");
        var lines = File.ReadAllLines(Path.Combine(Folder, "grunfeld.csv"));
        var (a, b) = (_temp.File("a.csv"), _temp.File("b.csv"));
        // IBM and the firms after it in one shard, the rest (with the reference level) in the other.
        File.WriteAllLines(a, lines.Take(1).Concat(lines.Skip(1).Where(l => string.CompareOrdinal(l.Split(',')[3], "IBM") >= 0)));
        File.WriteAllLines(b, lines.Take(1).Concat(lines.Skip(1).Where(l => string.CompareOrdinal(l.Split(',')[3], "IBM") < 0)));
        foreach (var shard in new[] { a, b })
        {
            var stats = CliRunner.Run("stats", shard, "--formula", fixture.GetProperty("formula").GetString()!, "-o", shard + ".stats");
            Assert.True(stats.ExitCode == 0, stats.Error);
        }

        var result = CliRunner.Run("train", "--from-stats", a + ".stats", b + ".stats", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var term in JsonDocument.Parse(result.Output).RootElement.GetProperty("inference").GetProperty("coefficients").EnumerateArray())
        {
            var name = term.GetProperty("term").GetString()!;
            Near(fixture.GetProperty("params").GetProperty(name).GetDouble(), term.GetProperty("estimate").GetDouble(), name);
            Near(fixture.GetProperty("bse").GetProperty(name).GetDouble(), term.GetProperty("stdError").GetDouble(), name + " std error");
        }
    }

    [Fact]
    public void An_unseen_level_fails_with_exit_3_and_one_line()
    {
        var model = _temp.File("auto.json");
        Assert.Equal(0, CliRunner.Run([.. TrainArguments(Case("grunfeld_auto")), "-o", model, "-q"]).ExitCode);
        var data = _temp.File("new.csv");
        File.WriteAllText(data, "invest,value,capital,firm,year\n1,2,3,IBM,1950\n1,2,3,Acme,1950\n");
        var result = CliRunner.Run("predict", "--model", model, data);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"linreg: error: {data}:3:4: column 'firm' has the level 'Acme', which the model never saw (it knows 'American Steel', 'Atlantic Refining', 'Chrysler', 'Diamond Match', 'General Electric', 'General Motors', 'Goodyear', 'IBM', 'US Steel', 'Union Oil', 'Westinghouse'); a model predicts only the levels it was trained on (1 prediction(s), for the rows before it, were written; the output is incomplete)", result.Error.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("--stream", "linreg: error: --formula with --stream needs --solver lstsq: a design is expanded from the rows in memory otherwise; add --solver lstsq, or train without --stream")]
    [InlineData("--features", "linreg: error: --formula names the target and the features itself; leave out --target and --features")]
    public void What_a_formula_does_not_work_with_is_refused_in_one_line(string option, string message)
    {
        string[] extra = option == "--features" ? ["--features", "value"] : [option];
        var result = CliRunner.Run(["train", Path.Combine(Folder, "grunfeld.csv"), "--formula", "invest ~ value + C(firm)", .. extra]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.Error.TrimEnd('\n'));
    }

    private static void Near(double expected, double actual, string label) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), string.Create(CultureInfo.InvariantCulture, $"{label}: expected {expected:R}, got {actual:R}"));
}
