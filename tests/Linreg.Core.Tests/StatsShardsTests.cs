using System.Globalization;
using System.Text;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Solvers;
using Linreg.Core.Statistics;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// "Exact at any size": the rows in memory, streamed, spread over several files, and summarised shard by shard into
/// statistics files merged in any order are one fit, to 1e-12 relative, with the same inference.
/// </summary>
public sealed class StatsShardsTests : IDisposable
{
    private const int Rows = 80_000;
    private readonly TempFolder _temp = new();
    private readonly string[] _lines;
    private readonly string _all;

    public StatsShardsTests()
    {
        // Features on different scales and offsets (the shift matters), with noise that depends on them.
        var random = new Random(11);
        _lines = [.. Enumerable.Range(0, Rows).Select(_ =>
        {
            var (a, b, c) = (1000 + (random.NextDouble() * 100), random.NextDouble(), random.NextDouble() - 3);
            var y = (0.2 * a) - b + (4 * c) + 0.5 + (random.NextDouble() * b);
            return string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{c:R},{y:R}");
        })];
        _all = Write("all.csv", _lines);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void In_memory_streamed_several_files_and_merged_statistics_are_one_fit()
    {
        // A shard of one row, and a last one of more than one 4 MiB chunk.
        var shards = Shards("parts", [0, 4_000, 4_001, 17_000, Rows]);
        var reference = Train(new TrainJobSettings { Data = [_all] });
        AssertSameFit(reference, Train(new TrainJobSettings { Data = [_all], Stream = true }), "streamed");

        // Several files in memory are their rows concatenated: the very same data set, so the same bits.
        var concatenated = Train(new TrainJobSettings { Data = [Path.Combine(_temp.Path, "parts", "*.csv")] });
        Assert.Equal(reference.Model.Weights, concatenated.Model.Weights);
        Assert.Equal(reference.Model.Bias, concatenated.Model.Bias);
        AssertSameFit(reference, Train(new TrainJobSettings { Data = shards, Stream = true }), "several files streamed");

        var stats = shards.Select((shard, i) => MakeStats([shard], _temp.File($"s{i}.stats"))).ToArray();
        var fromStats = Train(new TrainJobSettings { FromStats = stats });
        AssertSameFit(reference, fromStats, "from statistics");
        Assert.True(double.IsNaN(fromStats.TrainMetrics.Mae));
        AssertRelative(reference.TrainMetrics.Mse, fromStats.TrainMetrics.Mse, "MSE");
        AssertRelative(reference.TrainMetrics.R2, fromStats.TrainMetrics.R2, "R²");
        Assert.Equal(Rows, fromStats.TrainMetrics.Rows);
    }

    [Theory]
    [InlineData(PenaltyKind.L2, 0.5, null, false)]
    [InlineData(PenaltyKind.L1, 0.01, null, false)]
    [InlineData(PenaltyKind.ElasticNet, 0.02, 0.4, true)]
    public void Penalised_fits_in_memory_streamed_and_from_merged_statistics_are_one_fit(PenaltyKind kind, double alpha, double? l1Ratio, bool standardize)
    {
        var shards = Shards("penalised", [0, 30_000, 30_001, Rows]);
        var training = Exact with { Penalty = kind, Alpha = alpha, L1Ratio = l1Ratio, Standardize = standardize };
        var reference = Train(new TrainJobSettings { Data = [_all], Training = training });
        Assert.Contains(reference.Model.Weights, w => w != 0);
        var stats = shards.Select((shard, i) => MakeStats([shard], _temp.File($"p{i}.stats"))).ToArray();
        foreach (var (what, outcome) in new[]
        {
            ("streamed", Train(new TrainJobSettings { Data = [_all], Stream = true, Training = training })),
            ("several files streamed", Train(new TrainJobSettings { Data = shards, Stream = true, Training = training })),
            ("from statistics", Train(new TrainJobSettings { FromStats = stats, Training = training })),
            ("from statistics, reversed", Train(new TrainJobSettings { FromStats = [.. stats.Reverse()], Training = training })),
        })
        {
            for (var j = 0; j < reference.Model.FeatureCount; j++)
            {
                AssertRelative(reference.Model.Weights[j], outcome.Model.Weights[j], $"{what}: weight {j}");
            }

            // The bias is the prediction at x = 0, far from the data (a ≈ 1000): it is b = ȳ − w·x̄, whose terms are
            // a thousand times larger, and it is held to 1e-12 of them, the predictions' own scale.
            var termScale = Math.Abs(reference.Model.Bias) + reference.Model.Weights.Select((w, j) => Math.Abs(w) * (j == 0 ? 1100 : 3)).Sum();
            Assert.True(Math.Abs(outcome.Model.Bias - reference.Model.Bias) <= 1e-12 * termScale, $"{what}: bias {outcome.Model.Bias:R}, expected {reference.Model.Bias:R}");

            // One pass: the metrics come from the factor, MAE (every residual) is left out.
            AssertRelative(reference.TrainMetrics.Mse, outcome.TrainMetrics.Mse, $"{what}: MSE");
            AssertRelative(reference.TrainMetrics.R2, outcome.TrainMetrics.R2, $"{what}: R²");
            Assert.True(double.IsNaN(outcome.TrainMetrics.Mae));
            Assert.Equal(Rows, outcome.TrainMetrics.Rows);
        }
    }

    [Fact]
    public void Weighted_statistics_refuse_what_weights_refuse_and_fit_a_penalty_otherwise()
    {
        var path = _temp.File("weighted.stats");
        var settings = new StatsJobSettings { Data = [_all], OutputPath = path, Columns = new ColumnSelection("y", ["a", "c"], "b") };
        _ = StatsJob.Run(settings, new JobIO(TextWriter.Null, TextWriter.Null, () => Stream.Null), "test", CancellationToken.None);
        var ridge = Exact with { Penalty = PenaltyKind.L2, Alpha = 2 };
        var refused = Assert.Throws<LinregException>(() => Train(new TrainJobSettings { FromStats = [path], Training = ridge with { Standardize = true } }));
        Assert.Equal(ExitCode.UsageError, refused.Code);
        Assert.Equal($"--from-stats: {path} holds statistics of weighted rows, and --standardize with a penalty does not take weights yet (scikit-learn's StandardScaler would need sample_weight too); leave out --standardize", refused.Message);

        var fromStats = Train(new TrainJobSettings { FromStats = [path], Training = ridge });
        var inMemory = Train(new TrainJobSettings { Data = [_all], Columns = new ColumnSelection("y", ["a", "c"], "b"), Training = ridge });
        AssertRelative(inMemory.Model.Weights[1], fromStats.Model.Weights[1], "weighted ridge from statistics: c");
        AssertRelative(inMemory.TrainMetrics.Mse, fromStats.TrainMetrics.Mse, "weighted ridge from statistics: MSE");
    }

    [Fact]
    public void Statistics_merged_in_any_order_and_any_sharding_give_the_same_fit()
    {
        var reference = Train(new TrainJobSettings { Data = [_all] }).Model.Inference!;
        var random = new Random(5);
        for (var trial = 0; trial < 4; trial++)
        {
            var cuts = Enumerable.Range(0, random.Next(1, 7)).Select(_ => random.Next(1, Rows)).Append(0).Append(Rows).Distinct().Order().ToArray();
            var files = Shards($"trial{trial}", cuts).Select((shard, i) => MakeStats([shard], _temp.File($"t{trial}-{i}.stats"))).ToArray();
            var parts = files.Select(StatsFile.Load).ToArray();
            var order = Enumerable.Range(0, parts.Length).OrderBy(_ => random.Next()).ToArray();
            var merged = SufficientStats.Merge([.. order.Select(i => parts[i])], [.. order.Select(i => files[i])]);
            var inference = ExactLeastSquares.Fit(merged, 0.95).Inference;
            Assert.Equal(Rows, merged.Rows);
            for (var t = 0; t < inference.Terms.Count; t++)
            {
                AssertRelative(reference.Terms[t].Estimate!.Value, inference.Terms[t].Estimate!.Value, $"trial {trial}, order {string.Join(',', order)}: {inference.Terms[t].Term}");
                AssertRelative(reference.Terms[t].StdError!.Value, inference.Terms[t].StdError!.Value, $"trial {trial}: {inference.Terms[t].Term}'s standard error");
            }
        }
    }

    [Fact]
    public void Statistics_of_several_files_equal_those_of_a_stream_over_them_bit_for_bit()
    {
        var shards = Shards("bits", [0, 10_000, Rows]);
        var streamed = Train(new TrainJobSettings { Data = shards, Stream = true });
        var fromStats = Train(new TrainJobSettings { FromStats = [MakeStats(shards, _temp.File("both.stats"))] });
        Assert.Equal(streamed.Model.Weights, fromStats.Model.Weights);
        Assert.Equal(streamed.Model.Bias, fromStats.Model.Bias);
    }

    [Fact]
    public void Without_an_intercept_the_metrics_R2_stays_centred_as_on_rows()
    {
        var reference = Train(new TrainJobSettings { Data = [_all], Training = Exact with { Intercept = false } });
        var stats = MakeStats([_all], _temp.File("origin.stats"), intercept: false);
        var fromStats = Train(new TrainJobSettings { FromStats = [stats], Training = Exact with { Intercept = false } });
        AssertSameFit(reference, fromStats, "through the origin");
        AssertRelative(reference.TrainMetrics.R2, fromStats.TrainMetrics.R2, "R²");
        Assert.False(StatsFile.Load(stats).HasIntercept);
    }

    [Fact]
    public void A_statistics_file_reads_back_the_same_bits()
    {
        var path = MakeStats([_all], _temp.File("round.stats"));
        var loaded = StatsFile.Load(path);
        var again = StatsFile.Parse(Encoding.UTF8.GetBytes(StatsFile.ToJson(loaded, "test")), path);
        Assert.Equal(loaded.Qr.CopyFactor(), again.Qr.CopyFactor());
        Assert.Equal(loaded.Qr.Shift, again.Qr.Shift);
        Assert.Equal((loaded.Rows, loaded.Target.Mean, loaded.Target.SumOfSquares), (again.Rows, again.Target.Mean, again.Target.SumOfSquares));
        Assert.Equal(["a", "b", "c"], again.FeatureNames);
        Assert.Equal([_all], again.Sources);
    }

    [Fact]
    public void Damaged_truncated_newer_and_foreign_statistics_files_are_refused_with_one_line()
    {
        var text = File.ReadAllText(MakeStats([_all], _temp.File("good.stats")));
        string[] broken =
        [
            text[..(text.Length / 2)],
            text[..^3],
            text.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 3", StringComparison.Ordinal),
            text.Replace("linreg-stats", "linreg-model", StringComparison.Ordinal),
            text.Replace($"\"rows\": {Rows}", "\"rows\": -1", StringComparison.Ordinal),
            text.Replace($"\"weightedRows\": {Rows}", $"\"weightedRows\": {Rows + 1}", StringComparison.Ordinal),
            text.Replace("\"intercept\": true", "\"intercept\": false", StringComparison.Ordinal),
            text.Replace("\"targetSumOfSquares\": ", "\"targetSumOfSquares\": -", StringComparison.Ordinal),
        ];
        string[] expected = ["truncated JSON", "truncated JSON", "newer linreg", "not a linreg statistics file", "must not be negative", "damaged", "\"factor\" must hold 4 rows", "damaged"];
        for (var i = 0; i < broken.Length; i++)
        {
            var path = _temp.Write($"broken{i}.stats", broken[i]);
            var e = Assert.Throws<LinregException>(() => StatsFile.Load(path));
            Assert.Equal(ExitCode.DataError, e.Code);
            Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
            Assert.Contains(expected[i], e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void Statistics_of_other_columns_do_not_merge()
    {
        var first = Shards("cols", [0, 1_000, Rows]);
        var abc = MakeStats([first[0]], _temp.File("abc.stats"));
        var ab = MakeStats([first[1]], _temp.File("ab.stats"), features: ["a", "b"]);
        var ba = MakeStats([first[1]], _temp.File("ba.stats"), features: ["b", "a", "c"]);
        foreach (var other in new[] { ab, ba })
        {
            var e = Assert.Throws<LinregException>(() => Train(new TrainJobSettings { FromStats = [abc, other] }));
            Assert.Equal(ExitCode.DataError, e.Code);
            Assert.Contains("only statistics of the same --target, --features (in the same order) or --formula and --categorical, --weights and --no-intercept merge", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Files_of_other_columns_are_not_read_as_one_table()
    {
        var other = _temp.Write("other.csv", "a,b,d,y\n1,2,3,4\n");
        var e = Assert.Throws<LinregException>(() => Train(new TrainJobSettings { Data = [_all, other] }));
        Assert.Equal(ExitCode.DataError, e.Code);
        Assert.Contains("its columns (a, b, d, y) differ from", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*.csv", "a.csv", true)]
    [InlineData("*.csv", "a.csv.tmp", false)]
    [InlineData("p?.csv", "p1.csv", true)]
    [InlineData("p?.csv", "p10.csv", false)]
    [InlineData("p[0-2].csv", "p2.csv", true)]
    [InlineData("p[0-2].csv", "p3.csv", false)]
    [InlineData("p[!0].csv", "p0.csv", false)]
    [InlineData("p[!0].csv", "p7.csv", true)]
    [InlineData("*-*.csv", "a-b-c.csv", true)]
    [InlineData("a[.csv", "a[.csv", true)]
    public void Patterns_match_as_a_shell_would(string pattern, string name, bool matches) =>
        Assert.Equal(matches, DataPaths.Matches(pattern, name));

    [Fact]
    public void Patterns_expand_to_files_sorted_by_name_without_hidden_ones()
    {
        var folder = Path.Combine(_temp.Path, "glob");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        foreach (var name in new[] { "b.csv", "a.csv", "c.txt", ".a.csv.123.tmp", "sub/d.csv" })
        {
            File.WriteAllText(Path.Combine(folder, name), "x,y\n1,2\n");
        }

        Assert.Equal([$"{folder}/a.csv", $"{folder}/b.csv"], DataPaths.Expand([$"{folder}/*.csv"], "DATA"));
        Assert.Equal([$"{folder}/a.csv", $"{folder}/b.csv", $"{folder}/sub/d.csv"], DataPaths.Expand([$"{folder}/s*/*.csv", $"{folder}/?.csv"], "DATA"));
        Assert.Equal(ExitCode.DataError, Assert.Throws<LinregException>(() => DataPaths.Expand([$"{folder}/*.parquet"], "DATA")).Code);
        Assert.Equal(ExitCode.UsageError, Assert.Throws<LinregException>(() => DataPaths.Expand([$"{folder}/a.csv", $"{folder}/*.csv"], "DATA")).Code);
        Assert.Equal(ExitCode.UsageError, Assert.Throws<LinregException>(() => DataPaths.Expand(["-", $"{folder}/a.csv"], "DATA")).Code);
    }

    private static TrainSettings Exact { get; } = new() { Solver = SolverKind.Lstsq };

    private static TrainOutcome Train(TrainJobSettings settings)
    {
        var quiet = new JobIO(TextWriter.Null, TextWriter.Null, () => Stream.Null);
        var training = settings.Training.Solver == SolverKind.Lstsq ? settings.Training : Exact;
        return TrainJob.Run(settings with { Training = training }, quiet, "test", CancellationToken.None);
    }

    private static string MakeStats(IReadOnlyList<string> data, string path, bool intercept = true, string[]? features = null)
    {
        var settings = new StatsJobSettings { Data = data, OutputPath = path, Intercept = intercept, Columns = new ColumnSelection("y", features) };
        _ = StatsJob.Run(settings, new JobIO(TextWriter.Null, TextWriter.Null, () => Stream.Null), "test", CancellationToken.None);
        return path;
    }

    private string[] Shards(string folder, int[] cuts)
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, folder));

        // Named so that their name order is their row order, whatever the number of shards.
        return [.. cuts.Zip(cuts.Skip(1)).Select((range, i) => Write(Path.Combine(folder, $"part-{i:D3}.csv"), _lines[range.First..range.Second]))];
    }

    private string Write(string name, IEnumerable<string> lines) => _temp.Write(name, "a,b,c,y\n" + string.Join('\n', lines) + "\n");

    private static void AssertSameFit(TrainOutcome expected, TrainOutcome actual, string what)
    {
        var e = expected.Model.Inference!;
        var a = actual.Model.Inference!;
        Assert.Equal(e.Terms.Select(t => t.Term), a.Terms.Select(t => t.Term));
        for (var t = 0; t < e.Terms.Count; t++)
        {
            AssertRelative(e.Terms[t].Estimate!.Value, a.Terms[t].Estimate!.Value, $"{what}: {e.Terms[t].Term}");
            AssertRelative(e.Terms[t].StdError!.Value, a.Terms[t].StdError!.Value, $"{what}: {e.Terms[t].Term}'s standard error");
        }

        AssertRelative(e.RSquared, a.RSquared, $"{what}: R²");
        AssertRelative(e.FStatistic, a.FStatistic, $"{what}: F");
        AssertRelative(e.LogLikelihood, a.LogLikelihood, $"{what}: log-likelihood");
    }

    private static void AssertRelative(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected), $"{what}: {actual:R}, expected {expected:R}");
}
