using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Linreg.Bench.Micro;

/// <summary>The default config plus throughput columns; results under the build output unless --artifacts says otherwise.</summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        Add(DefaultConfig.Instance);
        AddColumn(new ThroughputColumn("MB/s", "CSV megabytes (10^6 bytes) parsed per second", c =>
            (c.Descriptor.Type == typeof(IngestBenchmarks) || c.Descriptor.Type == typeof(PredictBenchmarks))
            && c.Descriptor.WorkloadMethod.Name != nameof(PredictBenchmarks.FormatOnly) ? SyntheticData.Csv(Rows(c)).Length / 1e6 : null));
        AddColumn(new ThroughputColumn("Mrows/s", "million rows per second", c =>
            c.Descriptor.Type == typeof(IngestBenchmarks) || c.Descriptor.Type == typeof(PredictBenchmarks) ? Rows(c) / 1e6 : null));
        AddColumn(new PerStepColumn());
        ArtifactsPath = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
    }

    internal static int Rows(BenchmarkCase benchmarkCase) => (int)benchmarkCase.Parameters["Rows"];

    internal static double? MeanSeconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Mean / 1e9;

    /// <summary>Work per operation over the mean time of an operation.</summary>
    private sealed class ThroughputColumn(string name, string legend, Func<BenchmarkCase, double?> workPerOperation) : IColumn
    {
        public string Id => "Throughput." + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => legend;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var work = workPerOperation(benchmarkCase);
            var seconds = MeanSeconds(summary, benchmarkCase);
            return work is null || seconds is null or <= 0 ? "-" : (work.Value / seconds.Value).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }

    /// <summary>Mean time of one optimisation step of the training benchmarks.</summary>
    private sealed class PerStepColumn : IColumn
    {
        public string Id => "PerStep";

        public string ColumnName => "ms/step";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 1;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => $"mean time per SGD step ({TrainBenchmarks.Steps} steps per operation)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var seconds = MeanSeconds(summary, benchmarkCase);
            return benchmarkCase.Descriptor.Type != typeof(TrainBenchmarks) || seconds is null
                ? "-"
                : (seconds.Value * 1000 / TrainBenchmarks.Steps).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
