using System.Globalization;
using BenchmarkDotNet.Attributes;
using Linreg.Core.Data;

namespace Linreg.Bench.Micro;

/// <summary>
/// CSV ingest of a 100k × 10 file (about 12 MB): the Core loader from a file (what <c>linreg train</c> does: the
/// plain-CSV fast path on every core), from memory (standard input's path: CsvHelper on one core), the row reader
/// without collecting (the file's fast path row by row, as <c>linreg predict</c> reads), and two baselines: a
/// hand-written split + <c>float.Parse</c> over the UTF-8 bytes, and a vectorised scan that only counts separators
/// (the memory-bandwidth ceiling). The MB/s column is the CSV's size over the mean time.
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

        // The product's fast path (a file) must give float.Parse's values bit for bit, or its speed means nothing.
        var exact = SplitAndParse();
        var loaded = LoadFile();
        var fromFile = new float[exact.Length];
        for (var r = 0; r < loaded.RowCount; r++)
        {
            loaded.Row(r).CopyTo(fromFile.AsSpan(r * (loaded.FeatureCount + 1)));
            fromFile[(r * (loaded.FeatureCount + 1)) + loaded.FeatureCount] = loaded.Targets[r];
        }

        if (!exact.AsSpan().SequenceEqual(fromFile))
        {
            throw new InvalidOperationException("the loader's values differ from float.Parse");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "TableReader.LoadAll(file)")]
    public Dataset LoadFile() =>
        TableReader.LoadAll(DataSource.From(_path, NoStandardInput), CsvFormat.Default, ColumnSelection.Default, MissingValuePolicy.Error, CancellationToken.None);

    [Benchmark(Description = "TableReader.LoadAll(memory)")]
    public Dataset LoadMemory() =>
        TableReader.LoadAll(FromMemory(), CsvFormat.Default, ColumnSelection.Default, MissingValuePolicy.Error, CancellationToken.None);

    [Benchmark(Description = "TableReader.Fold, rows counted (file)")]
    public long FoldRowsOnly()
    {
        using var table = TableReader.Open(DataSource.From(_path, NoStandardInput), CsvFormat.Default);
        int[] columns = [.. Enumerable.Range(0, table.ColumnCount)];
        var (chunks, _) = table.Fold(columns, () => new long[1], (count, _) => count[0]++, CancellationToken.None);
        return chunks.Sum(count => count[0]);
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

    [Benchmark(Description = "baseline: count separators (no parse)")]
    public int ScanOnly() => _csv.AsSpan().Count((byte)',') + _csv.AsSpan().Count((byte)'\n');

    private static Stream NoStandardInput() => throw new InvalidOperationException("no standard input in a benchmark");

    private DataSource FromMemory() => DataSource.From(DataSource.StandardInputName, () => new MemoryStream(_csv, writable: false));
}
