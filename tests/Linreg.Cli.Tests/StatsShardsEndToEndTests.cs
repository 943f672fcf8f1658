using System.Globalization;
using System.Text;
using System.Text.Json;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// linreg stats and train --from-stats through the command tree: the statistics of shards, made in any order and
/// merged in name order, print what --solver lstsq prints on all the rows (table, warnings, JSON) but for MAE.
/// </summary>
public sealed class StatsShardsEndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string[] _lines;
    private readonly string _all;

    public StatsShardsEndToEndTests()
    {
        // d is 2a - c exactly: aliased, so the fit's warning must come through the statistics too.
        var random = new Random(7);
        _lines = [.. Enumerable.Range(0, 5000).Select(_ =>
        {
            var (a, b, c) = (random.Next(0, 1000) / 8.0, random.NextDouble(), random.Next(-400, 400) / 16.0);
            var y = (0.3 * a) - (2 * b) + c + 7 + (random.NextDouble() * (1 + b));
            return string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{c:R},{(2 * a) - c:R},{y:R}");
        })];
        _all = Write("all.csv", _lines);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Statistics_of_shards_print_the_exact_solvers_table_warnings_and_json()
    {
        // Shard names in reverse row order: the merge goes by name, not by the order the rows had.
        Directory.CreateDirectory(_temp.File("parts"));
        var cuts = new[] { 0, 1200, 1201, 3100, 5000 };
        for (var i = 0; i < cuts.Length - 1; i++)
        {
            var shard = Write($"parts/{(char)('z' - i)}.csv", _lines[cuts[i]..cuts[i + 1]]);
            Assert.Equal(0, CliRunner.Run("stats", shard, "-o", _temp.File($"parts/{(char)('z' - i)}.stats")).ExitCode);
        }

        var exact = CliRunner.Run("train", _all, "--solver", "lstsq");
        var fromStats = CliRunner.Run("train", "--from-stats", _temp.File("parts/*.stats"));
        Assert.Equal(0, fromStats.ExitCode);
        Assert.Equal(exact.Output, fromStats.Output);
        Assert.Equal(Warnings(exact.Error), Warnings(fromStats.Error));
        Assert.Contains("is aliased", fromStats.Error, StringComparison.Ordinal);
        Assert.Matches(@"linreg: train      MSE [\d.]+, RMSE [\d.]+, MAE n/a, R² 0\.\d{6} \(5000 rows\)", fromStats.Error);

        using var expected = JsonDocument.Parse(CliRunner.Run("train", _all, "--solver", "lstsq", "--json", "-q").Output);
        using var actual = JsonDocument.Parse(CliRunner.Run("train", "--from-stats", _temp.File("parts/*.stats"), "--json", "-q").Output);
        AssertSameNumbers(expected.RootElement.GetProperty("inference"), actual.RootElement.GetProperty("inference"), "inference");
        var metrics = actual.RootElement.GetProperty("metrics").GetProperty("train");
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("mae").ValueKind);
        Assert.Equal(5000, metrics.GetProperty("rows").GetInt32());
        AssertClose(expected.RootElement.GetProperty("metrics").GetProperty("train").GetProperty("r2").GetDouble(), metrics.GetProperty("r2").GetDouble(), "r2");
        Assert.Equal("lstsq", actual.RootElement.GetProperty("settings").GetProperty("solver").GetString());
    }

    [Fact]
    public void Several_files_and_patterns_fit_as_one_file()
    {
        Directory.CreateDirectory(_temp.File("p"));
        Write("p/1.csv", _lines[..2500]);
        Write("p/2.csv", _lines[2500..]);
        using var one = JsonDocument.Parse(CliRunner.Run("train", _all, "--solver", "lstsq", "--json", "-q").Output);
        foreach (var args in new[] { new[] { _temp.File("p/*.csv") }, [_temp.File("p/2.csv"), _temp.File("p/1.csv")], [_temp.File("p/*.csv"), "--stream"] })
        {
            var run = CliRunner.Run(["train", .. args, "--solver", "lstsq", "--json", "-q"]);
            Assert.True(run.ExitCode == 0, run.Error);
            using var several = JsonDocument.Parse(run.Output);
            AssertSameNumbers(one.RootElement.GetProperty("inference"), several.RootElement.GetProperty("inference"), string.Join(' ', args));
        }

        // Gradient descent reads several files as their rows concatenated in name order: the same steps.
        var gd = CliRunner.Run("train", _all, "--epochs", "5", "--lr", "1e-5", "--json", "-q").Output;
        var gdSeveral = CliRunner.Run("train", _temp.File("p/*.csv"), "--epochs", "5", "--lr", "1e-5", "--json", "-q").Output;
        Assert.Equal(JsonDocument.Parse(gd).RootElement.GetProperty("weights").ToString(), JsonDocument.Parse(gdSeveral).RootElement.GetProperty("weights").ToString());
    }

    [Fact]
    public void Statistics_stream_through_standard_input_and_output()
    {
        var stats = CliRunner.RunWithInput(File.ReadAllText(_all), "stats", "-", "-o", "-", "--features", "a,b", "--no-intercept");
        Assert.Equal(0, stats.ExitCode);
        Assert.StartsWith("{\n  \"format\": \"linreg-stats\",\n  \"schemaVersion\": 1,", stats.Output, StringComparison.Ordinal);
        var file = _temp.Write("stdin.stats", stats.Output);
        var fromStats = CliRunner.Run("train", "--from-stats", file, "--no-intercept");
        Assert.Equal(CliRunner.Run("train", _all, "--solver", "lstsq", "--features", "a,b", "--no-intercept").Output, fromStats.Output);
        Assert.Contains("of standard input (from their statistics files)", fromStats.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_are_one_line_with_their_exit_code()
    {
        var abcd = _temp.File("abcd.stats");
        var ab = _temp.File("ab.stats");
        Assert.Equal(0, CliRunner.Run("stats", _all, "-o", abcd).ExitCode);
        Assert.Equal(0, CliRunner.Run("stats", _all, "-o", ab, "--features", "a,b").ExitCode);
        var text = File.ReadAllText(abcd);
        var truncated = _temp.Write("truncated.stats", text[..(text.Length * 2 / 3)]);
        var newer = _temp.Write("newer.stats", text.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 7", StringComparison.Ordinal));
        (string[] Args, int Code, string Message)[] cases =
        [
            (["--from-stats", abcd, ab], 3, $"abcd.stats: statistics of y ~ a, b, c, d, with intercept, but {ab} holds y ~ a, b, with intercept"),
            (["--from-stats", abcd, truncated], 3, $"{truncated}:"),
            (["--from-stats", newer, abcd], 3, $"{newer}: schema version 7 was written by a newer linreg"),
            (["--from-stats", abcd, "--se", "hc3"], 2, "--from-stats --se hc3 needs every row's residual, a second pass over the rows that statistics do not hold"),
            (["--from-stats", abcd, "--stream"], 2, "--from-stats --stream reads rows"),
            (["--from-stats", abcd, "--validation-split", "0.2"], 2, "--from-stats --validation-split holds out rows"),
        ];
        foreach (var (args, code, message) in cases)
        {
            var result = CliRunner.Run(["train", .. args]);
            Assert.True(result.ExitCode == code, $"{string.Join(' ', args)}: {result.ExitCode} {result.Error}");
            Assert.Contains(message, result.ErrorLine, StringComparison.Ordinal);
            Assert.InRange(result.Error.Count(c => c == '\n'), 1, 2);
            Assert.Empty(result.Output);
        }
    }

    [Fact]
    public void A_validation_file_measures_a_fit_from_statistics()
    {
        var stats = _temp.File("v.stats");
        Assert.Equal(0, CliRunner.Run("stats", _all, "-o", stats).ExitCode);
        var holdout = Write("holdout.csv", _lines[..100]);
        using var json = JsonDocument.Parse(CliRunner.Run("train", "--from-stats", stats, "--validation", holdout, "--json", "-q").Output);
        var validation = json.RootElement.GetProperty("metrics").GetProperty("validation");
        Assert.Equal(100, validation.GetProperty("rows").GetInt32());
        Assert.True(validation.GetProperty("mae").GetDouble() > 0);
    }

    private string Write(string name, IEnumerable<string> lines) => _temp.Write(name, "a,b,c,d,y\n" + string.Join('\n', lines) + "\n");

    private static string[] Warnings(string error) => [.. error.Split('\n').Where(line => line.StartsWith("linreg: warning:", StringComparison.Ordinal))];

    /// <summary>Every number in two JSON trees of the same shape agrees to 1e-12 relative; everything else is equal.</summary>
    private static void AssertSameNumbers(JsonElement expected, JsonElement actual, string path)
    {
        Assert.Equal(expected.ValueKind, actual.ValueKind);
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSameNumbers(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                foreach (var (e, a, i) in expected.EnumerateArray().Zip(actual.EnumerateArray(), Enumerable.Range(0, expected.GetArrayLength())))
                {
                    AssertSameNumbers(e, a, $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number when path.EndsWith("PValue", StringComparison.OrdinalIgnoreCase):
                // A p-value deep in a tail moves by t² times its t's rounding (t = 100: 1e4 × 1e-16): compare its logarithm.
                AssertClose(Math.Log(expected.GetDouble()), Math.Log(actual.GetDouble()), path);
                break;
            case JsonValueKind.Number:
                AssertClose(expected.GetDouble(), actual.GetDouble(), path);
                break;
            default:
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(actual == expected || Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected), $"{what}: {actual:R}, expected {expected:R}");
}
