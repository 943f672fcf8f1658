using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Linreg.Core.Jobs;
using Linreg.Core.Models;

namespace Linreg.Bench.Micro;

/// <summary>
/// <c>linreg predict</c> in process on a 100k × 10 file, its output going to a null stream through the same kind of
/// writer the CLI uses (UTF-8, 64 KiB buffer), and the output half alone (format + write 100k floats), to split its
/// time between parsing and writing.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private string _data = string.Empty;
    private string _model = string.Empty;
    private float[] _predictions = [];

    [Params(100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var stem = Path.Combine(Path.GetTempPath(), $"linreg-bench-predict-{Rows}-{Environment.ProcessId}");
        _data = stem + ".csv";
        _model = stem + ".json";
        File.WriteAllBytes(_data, SyntheticData.Csv(Rows));
        var model = new LinearModel(SyntheticData.FeatureNames(), "y", [.. Enumerable.Range(1, SyntheticData.Features).Select(i => i * 0.5f)], 3f);
        File.WriteAllText(_model, ModelFile.ToJson(new ModelDocument(model, null, null, "linreg-bench")));
        var (features, _) = SyntheticData.Floats(Rows);
        _predictions = [.. Enumerable.Range(0, Rows).Select(r => model.Predict(features.AsSpan(r * SyntheticData.Features, SyntheticData.Features)))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_data);
        File.Delete(_model);
    }

    [Benchmark(Baseline = true, Description = "PredictJob.Run(file) -> null")]
    public long Predict()
    {
        using var output = NullWriter();
        return PredictJob.Run(new PredictJobSettings { ModelPath = _model, Data = _data }, new JobIO(output, TextWriter.Null, () => Stream.Null), CancellationToken.None);
    }

    [Benchmark(Description = "output only: WriteLine(p.ToString(\"R\"))")]
    public int FormatOnly()
    {
        using var output = NullWriter();
        foreach (var p in _predictions)
        {
            output.WriteLine(p.ToString("R", CultureInfo.InvariantCulture));
        }

        return _predictions.Length;
    }

    private static StreamWriter NullWriter() => new(Stream.Null, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
}
