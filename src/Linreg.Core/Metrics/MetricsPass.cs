using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Metrics;

/// <summary>Metrics of a model over rows streamed from a reader: features then target, one pass, constant memory.</summary>
public static class MetricsPass
{
    /// <param name="columns">The model's feature columns followed by the target column.</param>
    public static (RegressionMetrics? Metrics, long Dropped) Compute(LinearModel model, NumericCsvReader reader, int[] columns, MissingValuePolicy missing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        var k = model.FeatureCount;

        // A large plain file is read on every core, in chunks whose sums are merged in file order.
        if (reader.PlainStart is { } start
            && ParallelPlainScan.TryScan(
                reader.Source.Path,
                start,
                PlainCsvLayout.For(reader.Delimiter, reader.ColumnCount, columns),
                () => new MetricsAccumulator(),
                (chunk, row) => chunk.Add(model.Predict(row[..k]), row[k]),
                cancellationToken) is { } chunks)
        {
            var merged = new MetricsAccumulator();
            foreach (var chunk in chunks)
            {
                merged.Merge(chunk);
            }

            return (merged.Rows == 0 ? null : merged.Result(), 0);
        }

        var values = new float[columns.Length];
        var accumulator = new MetricsAccumulator();
        long rows = 0;
        long dropped = 0;
        while (reader.ReadRow(columns, values, missing, ref dropped))
        {
            if ((++rows & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            accumulator.Add(model.Predict(values.AsSpan(0, k)), values[k]);
        }

        return (rows == 0 ? null : accumulator.Result(), dropped);
    }
}
