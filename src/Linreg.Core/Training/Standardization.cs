using Linreg.Core.Data;

namespace Linreg.Core.Training;

/// <summary>
/// Per-feature mean and standard deviation (population, as scikit-learn's StandardScaler) of the training data.
/// A constant feature keeps a scale of 1, so it maps to 0 instead of dividing by zero.
/// </summary>
public sealed record Standardization(IReadOnlyList<double> Mean, IReadOnlyList<double> Scale)
{
    public static Standardization Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = data.FeatureCount;
        var mean = new double[k];
        var squares = new double[k];
        for (var row = 0; row < data.RowCount; row++)
        {
            var values = data.Row(row);
            for (var j = 0; j < k; j++)
            {
                mean[j] += values[j];
            }
        }

        for (var j = 0; j < k; j++)
        {
            mean[j] /= data.RowCount;
        }

        for (var row = 0; row < data.RowCount; row++)
        {
            var values = data.Row(row);
            for (var j = 0; j < k; j++)
            {
                var d = values[j] - mean[j];
                squares[j] += d * d;
            }
        }

        var scale = squares.Select(s => Math.Sqrt(s / data.RowCount)).Select(s => s > 0 ? s : 1).ToArray();
        return new Standardization(mean, scale);
    }

    /// <summary>
    /// The same statistics from rows streamed once (Welford's update: one pass, no cancellation). The columns are the
    /// features then the target, so the rows counted are the rows training keeps.
    /// </summary>
    public static Standardization FitStream(NumericCsvReader reader, int[] columns, MissingValuePolicy missing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        var k = columns.Length - 1;
        var mean = new double[k];
        var spread = new double[k];
        var values = new float[k + 1];
        long rows = 0;
        long dropped = 0;
        while (reader.ReadRow(columns, values, missing, ref dropped))
        {
            if ((++rows & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            for (var j = 0; j < k; j++)
            {
                var delta = values[j] - mean[j];
                mean[j] += delta / rows;
                spread[j] += delta * (values[j] - mean[j]);
            }
        }

        var scale = spread.Select(s => rows > 0 ? Math.Sqrt(s / rows) : 0).Select(s => s > 0 ? s : 1).ToArray();
        return new Standardization(mean, scale);
    }

    /// <summary>The data with every feature scaled; targets unchanged.</summary>
    public Dataset Apply(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = data.FeatureCount;
        var scaled = new float[data.Features.Length];
        for (var i = 0; i < scaled.Length; i++)
        {
            var j = i % k;
            scaled[i] = (float)((data.Features[i] - Mean[j]) / Scale[j]);
        }

        return new Dataset(data.SourceName, data.FeatureNames, data.TargetName, scaled, data.Targets, data.DroppedRows);
    }

    /// <summary>
    /// The same line in the original units: y = Σ w_j (x_j - m_j) / s_j + b = Σ (w_j / s_j) x_j + (b - Σ w_j m_j / s_j).
    /// </summary>
    public (float[] Weights, float Bias) ToOriginalUnits(IReadOnlyList<float> weights, float bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var original = new float[weights.Count];
        double shift = bias;
        for (var j = 0; j < weights.Count; j++)
        {
            original[j] = (float)(weights[j] / Scale[j]);
            shift -= weights[j] * Mean[j] / Scale[j];
        }

        return (original, (float)shift);
    }
}
