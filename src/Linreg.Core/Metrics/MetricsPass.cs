using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Metrics;

/// <summary>Metrics of a model over a table's rows: features then target, one pass, on every core, constant memory.</summary>
public static class MetricsPass
{
    /// <param name="columns">The model's feature columns followed by the target column, and a weight column after it for weighted metrics.</param>
    public static (RegressionMetrics? Metrics, long Dropped) Compute(LinearModel model, TableReader table, int[] columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var k = model.InputCount;
        if (columns.Length > k + 1)
        {
            var weightName = table.ColumnNames[columns[k + 1]];
            return Merge(table.Fold(columns, () => new MetricsAccumulator(), (chunk, row) =>
            {
                Data.RowWeights.Check(row[k + 1], table.Source.DisplayName, weightName);
                chunk.Add(model.PredictInputs(row[..k]), Target(model, row[k]), row[k + 1]);
            }, cancellationToken));
        }

        return Merge(table.Fold(columns, () => new MetricsAccumulator(), (chunk, row) => chunk.Add(model.PredictInputs(row[..k]), Target(model, row[k])), cancellationToken));
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
