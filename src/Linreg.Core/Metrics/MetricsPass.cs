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
        var k = model.InputCount;
        return Merge(table.Fold(columns, () => new MetricsAccumulator(), (chunk, row) => chunk.Add(model.PredictInputs(row[..k]), Target(model, row[k])), cancellationToken));
    }

    /// <summary>The same over the rows of several files, merged in file order.</summary>
    public static (RegressionMetrics? Metrics, long Dropped) Compute(LinearModel model, TableSet tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tables);
        var k = model.FeatureCount;
        return Merge(tables.Fold(() => new MetricsAccumulator(), (chunk, row) => chunk.Add(model.Predict(row[..k]), row[k]), cancellationToken));
    }

    /// <summary>The target from its column: the formula's left-hand side (np.log(y)) when the model has one.</summary>
    private static double Target(LinearModel model, double column) => model.Design is { } design ? design.TargetValue(column) : column;

    private static (RegressionMetrics? Metrics, long Dropped) Merge((MetricsAccumulator[] Chunks, long Dropped) fold)
    {
        var merged = new MetricsAccumulator();
        foreach (var chunk in fold.Chunks)
        {
            merged.Merge(chunk);
        }

        return (merged.Rows == 0 ? null : merged.Result(), fold.Dropped);
    }
}
