using System.Globalization;
using BenchmarkDotNet.Attributes;
using Linreg.Core.Data;

namespace Linreg.Bench.Micro;

/// <summary>
/// CSV ingest of a 100k × 10 file (about 12 MB): the Core loader from a file (what <c>linreg train</c> does), from
/// memory (parsing alone), the row reader without collecting (what <c>linreg predict</c> does), and two baselines that
/// bound what is possible: a hand-written split + <c>float.Parse</c> over the UTF-8 bytes, and a vectorised scan that
/// only counts separators. The MB/s column is the CSV's size over the mean time.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private byte[] _csv = [];
    private string _path = string.Empty;

    [Params(100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _csv = SyntheticData.Csv(Rows);
        _path = Path.Combine(Path.GetTempPath(), $"linreg-bench-ingest-{Rows}-{Environment.ProcessId}.csv");
        File.WriteAllBytes(_path, _csv);

        // The fast-path baselines must give float.Parse's values bit for bit, or their speed means nothing.
        var exact = SplitAndParse();
        if (!exact.AsSpan().SequenceEqual(SplitAndFastParse()) || !exact.AsSpan().SequenceEqual(SplitAndFastParseParallel()))
        {
            throw new InvalidOperationException("the fast-path parse differs from float.Parse");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "CsvDatasetLoader.Load(file)")]
    public Dataset LoadFile() =>
        CsvDatasetLoader.Load(DataSource.From(_path, NoStandardInput), CsvFormat.Default, ColumnSelection.Default, MissingValuePolicy.Error, CancellationToken.None);

    [Benchmark(Description = "CsvDatasetLoader.Load(memory)")]
    public Dataset LoadMemory() =>
        CsvDatasetLoader.Load(FromMemory(), CsvFormat.Default, ColumnSelection.Default, MissingValuePolicy.Error, CancellationToken.None);

    [Benchmark(Description = "NumericCsvReader.ReadRow only")]
    public long ReadRowsOnly()
    {
        using var reader = NumericCsvReader.Open(FromMemory(), CsvFormat.Default);
        var columns = Enumerable.Range(0, reader.ColumnCount).ToArray();
        var values = new float[columns.Length];
        long dropped = 0;
        long rows = 0;
        while (reader.ReadRow(columns, values, MissingValuePolicy.Error, ref dropped))
        {
            rows++;
        }

        return rows;
    }

    [Benchmark(Description = "baseline: split + float.Parse(utf8)")]
    public float[] SplitAndParse()
    {
        var span = _csv.AsSpan();
        span = span[(span.IndexOf((byte)'\n') + 1)..];
        var values = new float[Rows * (SyntheticData.Features + 1)];
        var at = 0;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];
            while (true)
            {
                var comma = line.IndexOf((byte)',');
                var cell = comma < 0 ? line : line[..comma];
                values[at++] = float.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (comma < 0)
                {
                    break;
                }

                line = line[(comma + 1)..];
            }
        }

        return values;
    }

    [Benchmark(Description = "baseline: split + fast-path parse")]
    public float[] SplitAndFastParse()
    {
        var values = new float[Rows * (SyntheticData.Features + 1)];
        var span = _csv.AsSpan();
        ParseLines(span[(span.IndexOf((byte)'\n') + 1)..], values);
        return values;
    }

    [Benchmark(Description = "baseline: fast-path parse, all cores")]
    public float[] SplitAndFastParseParallel()
    {
        // Cut the bytes at line ends into one chunk per core; each chunk counts its rows first, so it knows where
        // its values go (a real loader would collect per chunk and concatenate).
        var values = new float[Rows * (SyntheticData.Features + 1)];
        var body = _csv.AsMemory();
        body = body[(body.Span.IndexOf((byte)'\n') + 1)..];
        var parts = Environment.ProcessorCount;
        var chunks = new Memory<byte>[parts];
        var start = 0;
        for (var p = 0; p < parts; p++)
        {
            var end = p == parts - 1 ? body.Length : start + ((body.Length - start) / (parts - p));
            if (p < parts - 1)
            {
                var newline = body.Span[end..].IndexOf((byte)'\n');
                end = newline < 0 ? body.Length : end + newline + 1;
            }

            chunks[p] = body[start..end];
            start = end;
        }

        var offsets = new int[parts + 1];
        for (var p = 0; p < parts; p++)
        {
            offsets[p + 1] = offsets[p] + (chunks[p].Span.Count((byte)'\n') * (SyntheticData.Features + 1));
        }

        Parallel.For(0, parts, p => ParseLines(chunks[p].Span, values.AsSpan(offsets[p])));
        return values;
    }

    private static void ParseLines(ReadOnlySpan<byte> span, Span<float> values)
    {
        var at = 0;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];
            while (true)
            {
                var comma = line.IndexOf((byte)',');
                values[at++] = FastFloat.Parse(comma < 0 ? line : line[..comma]);
                if (comma < 0)
                {
                    break;
                }

                line = line[(comma + 1)..];
            }
        }
    }

    [Benchmark(Description = "baseline: count separators (no parse)")]
    public int ScanOnly() => _csv.AsSpan().Count((byte)',') + _csv.AsSpan().Count((byte)'\n');

    private static Stream NoStandardInput() => throw new InvalidOperationException("no standard input in a benchmark");

    private DataSource FromMemory() => DataSource.From(DataSource.StandardInputName, () => new MemoryStream(_csv, writable: false));
}
