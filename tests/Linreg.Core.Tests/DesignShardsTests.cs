using System.Globalization;
using System.Text.Json;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Core.Statistics;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// Statistics of a formula shard by shard (issue 14): Grunfeld split by firm, so every shard sees other levels and
/// most another reference level, summarised with 'linreg stats --formula' and merged in every order, is the fit in
/// memory to 1e-12 relative and statsmodels' (Fixtures/design) to 1e-9, estimates and standard errors.
/// </summary>
public sealed class DesignShardsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "design");

    private static JsonElement Case(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "design.json"))).RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [InlineData("grunfeld", null)]
    [InlineData("grunfeld_terms", null)]
    [InlineData("grunfeld_no_intercept", null)]
    [InlineData("grunfeld_weighted", "w")]
    public void Shards_split_by_firm_merge_in_any_order_into_the_fit_in_memory(string name, string? weights)
    {
        var fixture = Case(name);
        var formula = fixture.GetProperty("formula").GetString()!;
        var data = Path.Combine(Folder, fixture.GetProperty("csv").GetString()!);
        var shards = SplitByFirm(data);
        var columns = new ColumnSelection(null, null, weights);
        var stats = shards.Select((shard, i) =>
        {
            var path = _temp.File($"{name}-{i}.stats");
            _ = StatsJob.Run(new StatsJobSettings { Data = [shard], OutputPath = path, Formula = formula, Columns = columns, Intercept = fixture.GetProperty("intercept").GetBoolean() }, Quiet, "test", CancellationToken.None);
            return path;
        }).ToArray();
        Assert.Contains("\"schemaVersion\": 2,", File.ReadAllText(stats[0]), StringComparison.Ordinal);
        Assert.Contains("\"design\": {", File.ReadAllText(stats[0]), StringComparison.Ordinal);

        var exact = new TrainSettings { Solver = SolverKind.Lstsq, Intercept = fixture.GetProperty("intercept").GetBoolean() };
        var memory = TrainJob.Run(new TrainJobSettings { Data = [data], Formula = formula, Columns = columns, Training = exact }, Quiet, "test", CancellationToken.None).Model;
        var failures = new List<string>();
        foreach (var order in new[] { new[] { 0, 1, 2 }, [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0] })
        {
            var merged = TrainJob.Run(new TrainJobSettings { FromStats = [.. order.Select(i => stats[i])], Training = exact }, Quiet, "test", CancellationToken.None).Model;
            Assert.Equal(memory.FeatureNames, merged.FeatureNames);
            Assert.Equal(memory.Design!.Levels["firm"], merged.Design!.Levels["firm"]);
            Assert.Equal(memory.Inference!.Observations, merged.Inference!.Observations);
            foreach (var (mine, theirs) in merged.Inference.Terms.Zip(memory.Inference.Terms))
            {
                var label = $"{string.Join(",", order)} {mine.Term}";
                Near(failures, label + " estimate vs memory", theirs.Estimate!.Value, mine.Estimate!.Value, 1e-12);
                Near(failures, label + " std error vs memory", theirs.StdError!.Value, mine.StdError!.Value, 1e-12);
                Near(failures, label + " estimate vs statsmodels", fixture.GetProperty("params").GetProperty(mine.Term).GetDouble(), mine.Estimate!.Value, 1e-9);
                Near(failures, label + " std error vs statsmodels", fixture.GetProperty("bse").GetProperty(mine.Term).GetDouble(), mine.StdError!.Value, 1e-9);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("grunfeld_terms", null, CovarianceType.NonRobust)]
    [InlineData("grunfeld_missing", null, CovarianceType.NonRobust)]
    [InlineData("grunfeld_weighted", "w", CovarianceType.HC1)]
    public void A_streamed_exact_fit_of_a_design_is_the_fit_in_memory(string name, string? weights, CovarianceType covariance)
    {
        var fixture = Case(name);
        var settings = new TrainJobSettings
        {
            Data = [Path.Combine(Folder, fixture.GetProperty("csv").GetString()!)],
            Formula = fixture.GetProperty("formula").GetString(),
            Columns = new ColumnSelection(null, null, weights),
            Missing = name.EndsWith("missing", StringComparison.Ordinal) ? MissingValuePolicy.Drop : MissingValuePolicy.Error,
            Training = new TrainSettings { Solver = SolverKind.Lstsq, Covariance = covariance },
        };
        var memory = TrainJob.Run(settings, Quiet, "test", CancellationToken.None).Model;
        var streamed = TrainJob.Run(settings with { Stream = true }, Quiet, "test", CancellationToken.None).Model;
        Assert.Equal(memory.FeatureNames, streamed.FeatureNames);
        Assert.Equal(memory.Design!.Levels["firm"], streamed.Design!.Levels["firm"]);
        Assert.Equal(fixture.GetProperty("nobs").GetInt32(), streamed.Inference!.Observations);
        var failures = new List<string>();
        foreach (var (mine, theirs) in streamed.Inference.Terms.Zip(memory.Inference!.Terms))
        {
            Near(failures, mine.Term + " estimate", theirs.Estimate!.Value, mine.Estimate!.Value, 1e-12);
            Near(failures, mine.Term + " std error", theirs.StdError!.Value, mine.StdError!.Value, 1e-12);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Descent_does_not_stream_a_design()
    {
        var settings = new TrainJobSettings { Data = [Path.Combine(Folder, "grunfeld.csv")], Formula = "invest ~ value + C(firm)", Stream = true };
        var error = Assert.Throws<LinregException>(() => TrainJob.Run(settings, Quiet, "test", CancellationToken.None));
        Assert.Equal(ExitCode.UsageError, error.Code);
        Assert.StartsWith("--formula with --stream needs --solver lstsq: a design", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_of_different_formulas_do_not_merge()
    {
        var shards = SplitByFirm(Path.Combine(Folder, "grunfeld.csv"));
        var a = _temp.File("a.stats");
        var b = _temp.File("b.stats");
        _ = StatsJob.Run(new StatsJobSettings { Data = [shards[0]], OutputPath = a, Formula = "invest ~ value + C(firm)" }, Quiet, "test", CancellationToken.None);
        _ = StatsJob.Run(new StatsJobSettings { Data = [shards[1]], OutputPath = b, Formula = "invest ~ capital + C(firm)" }, Quiet, "test", CancellationToken.None);
        var error = Assert.Throws<LinregException>(() => TrainJob.Run(new TrainJobSettings { FromStats = [a, b], Training = new TrainSettings { Solver = SolverKind.Lstsq } }, Quiet, "test", CancellationToken.None));
        Assert.Equal(ExitCode.DataError, error.Code);
        Assert.StartsWith($"{b}: statistics of invest ~ capital + C(firm), with intercept, but {a} holds invest ~ value + C(firm), with intercept;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_level_written_1936_in_one_shard_and_1936_0_in_another_is_one_level_as_in_memory()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "grunfeld.csv"));
        var half = lines.Length / 2;
        var integers = _temp.File("integers.csv");
        var decimals = _temp.File("decimals.csv");
        var both = _temp.File("both.csv");
        File.WriteAllLines(integers, lines[..half]);
        string[] rest = [.. lines[half..].Select(l => l + ".0")];
        File.WriteAllLines(decimals, [lines[0], .. rest]);
        File.WriteAllLines(both, [.. lines[..half], .. rest]);
        const string formula = "invest ~ value + capital + C(year)";
        var a = _temp.File("a.stats");
        var b = _temp.File("b.stats");
        _ = StatsJob.Run(new StatsJobSettings { Data = [integers], OutputPath = a, Formula = formula }, Quiet, "test", CancellationToken.None);
        _ = StatsJob.Run(new StatsJobSettings { Data = [decimals], OutputPath = b, Formula = formula }, Quiet, "test", CancellationToken.None);

        var exact = new TrainSettings { Solver = SolverKind.Lstsq };
        var memory = TrainJob.Run(new TrainJobSettings { Data = [both], Formula = formula, Training = exact }, Quiet, "test", CancellationToken.None).Model;
        var merged = TrainJob.Run(new TrainJobSettings { FromStats = [b, a], Training = exact }, Quiet, "test", CancellationToken.None).Model;
        Assert.Equal(20, memory.Design!.Levels["year"].Count);
        Assert.Equal(memory.FeatureNames, merged.FeatureNames);
        var failures = new List<string>();
        foreach (var (mine, theirs) in merged.Inference!.Terms.Zip(memory.Inference!.Terms))
        {
            Near(failures, mine.Term + " estimate", theirs.Estimate!.Value, mine.Estimate!.Value, 1e-12);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static JobIO Quiet => new(TextWriter.Null, TextWriter.Null, () => Stream.Null);

    /// <summary>Three files of the rows of every third firm (in name order), so the level sets differ and two of them lack the union's reference.</summary>
    private string[] SplitByFirm(string data)
    {
        var lines = File.ReadAllLines(data);
        var firmAt = lines[0].Split(',').ToList().IndexOf("firm");
        var firms = lines.Skip(1).Select(l => l.Split(',')[firmAt]).Distinct().Order(StringComparer.Ordinal).ToList();
        return [.. Enumerable.Range(0, 3).Select(s =>
        {
            var mine = lines.Skip(1).Where(l => firms.IndexOf(l.Split(',')[firmAt]) % 3 == s);
            return _temp.Write(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(data)}-shard{s}.csv"), string.Join("\n", mine.Prepend(lines[0])) + "\n");
        })];
    }

    private static void Near(List<string> failures, string label, double expected, double actual, double tolerance)
    {
        if (!(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected)))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: expected {expected:R}, got {actual:R} (relative {Math.Abs(actual - expected) / Math.Abs(expected):G3})"));
        }
    }
}
