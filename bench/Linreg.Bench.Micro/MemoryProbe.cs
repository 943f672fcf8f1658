using System.Diagnostics;
using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Training;

namespace Linreg.Bench.Micro;

/// <summary>
/// <c>--memory-probe FILE [STEPS]</c>: where the memory of a <c>linreg train</c> goes, phase by phase: resident and
/// peak resident memory (VmRSS, VmHWM from /proc/self/status) and the managed heap after loading the CSV, after a
/// full GC, after libtorch and one training step, and after STEPS (default 100) steps.
/// </summary>
public static class MemoryProbe
{
    public static int Run(string path, int steps)
    {
        Report("start (.NET only)");
        var stopwatch = Stopwatch.StartNew();
        var data = TableReader.LoadAll(DataSource.From(path, () => Stream.Null), CsvFormat.Default, ColumnSelection.Default, MissingValuePolicy.Error, CancellationToken.None);
        var loadSeconds = stopwatch.Elapsed.TotalSeconds;
        var bytes = new FileInfo(path).Length;
        Report(string.Create(CultureInfo.InvariantCulture, $"after TableReader.LoadAll ({data.RowCount} rows, dataset {(data.Features.Length + data.Targets.Length) * 4 / 1048576.0:F1} MiB, {loadSeconds:F2} s = {bytes / 1e6 / loadSeconds:F0} MB/s)"));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Report("after a full compacting GC");
        foreach (var epochs in new[] { 1, steps })
        {
            stopwatch.Restart();
            var result = Trainer.Train(data, new TrainSettings { LearningRate = 0.1, Epochs = epochs, LogEvery = 0 }, [], CancellationToken.None);
            Report(string.Create(CultureInfo.InvariantCulture, $"after Trainer.Train, {epochs} step(s) ({stopwatch.Elapsed.TotalSeconds:F2} s, cost {result.FinalCost:G6})"));
        }

        GC.KeepAlive(data);
        return 0;
    }

    private static void Report(string phase)
    {
        var status = File.ReadAllLines("/proc/self/status");
        string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var info = GC.GetGCMemoryInfo();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{phase,-90} RSS {Field("VmRSS"),12}  peak {Field("VmHWM"),12}  managed heap {info.HeapSizeBytes / 1048576.0,7:F1} MiB  allocated so far {GC.GetTotalAllocatedBytes() / 1048576.0,7:F1} MiB"));
    }
}
