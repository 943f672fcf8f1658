using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Metrics;

/// <summary>Metrics of a model over a table's rows: features then target, one pass, on every core, constant memory.</summary>
public static class MetricsPass
{
    /// <param name="columns">The model's feature columns followed by the target column.</param>
    public static (RegressionMetrics? Metrics, long Dropped) Compute(LinearModel model, TableReader table, int[] columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var k = model.FeatureCount;
        var (chunks, dropped) = table.Fold(columns, () => new MetricsAccumulator(), (chunk, row) => chunk.Add(model.Predict(row[..k]), row[k]), cancellationToken);
        var merged = new MetricsAccumulator();
        foreach (var chunk in chunks)
        {
            merged.Merge(chunk);
        }

        return (merged.Rows == 0 ? null : merged.Result(), dropped);
    }
}
