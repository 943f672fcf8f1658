using Linreg.Core.Data;

namespace Linreg.Core.Training;

/// <summary>
/// Per-feature mean and standard deviation (population, as scikit-learn's StandardScaler) of the training data.
/// A constant feature keeps a scale of 1, so it maps to 0 instead of dividing by zero.
/// </summary>
public sealed record Standardization(IReadOnlyList<double> Mean, IReadOnlyList<double> Scale)
{
    /// <summary>
    /// The target's mean, where standardized descent starts its bias: with centred features the bias is decoupled
    /// from the weights, so it starts at its optimum instead of taking its own long walk there.
    /// </summary>
    public double TargetMean { get; init; }

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
        return new Standardization(mean, scale) { TargetMean = data.RowCount > 0 ? data.Targets.Average() : 0 };
    }

    /// <summary>
    /// The same statistics from one pass over a table (Welford's update in each chunk, Chan's to merge the chunks in
    /// file order: no cancellation, the same bits on any number of cores). The columns are the features then the
    /// target, so the rows counted are the rows training keeps.
    /// </summary>
    public static Standardization Fit(TableReader table, int[] columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var k = columns.Length - 1;
        var (chunks, _) = table.Fold(columns, () => new RunningSpread(k + 1), (spread, row) => spread.Add(row), cancellationToken);
        var total = new RunningSpread(k + 1);
        foreach (var chunk in chunks)
        {
            total.Merge(chunk);
        }

        var scale = total.Spread[..k].Select(s => total.Rows > 0 ? Math.Sqrt(s / total.Rows) : 0).Select(s => s > 0 ? s : 1).ToArray();
        return new Standardization(total.Mean[..k], scale) { TargetMean = total.Mean[k] };
    }

    /// <summary>The data with every feature scaled; targets unchanged.</summary>
    public Dataset Apply(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = data.FeatureCount;
        var scaled = new double[data.Features.Length];
        for (var i = 0; i < scaled.Length; i++)
        {
            var j = i % k;
            scaled[i] = (data.Features[i] - Mean[j]) / Scale[j];
        }

        return new Dataset(data.SourceName, data.FeatureNames, data.TargetName, scaled, data.Targets, data.DroppedRows, data.Weights);
    }

    /// <summary>
    /// The same line in the original units: y = Σ w_j (x_j - m_j) / s_j + b = Σ (w_j / s_j) x_j + (b - Σ w_j m_j / s_j).
    /// </summary>
    public (double[] Weights, double Bias) ToOriginalUnits(IReadOnlyList<double> weights, double bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var original = new double[weights.Count];
        var shift = bias;
        for (var j = 0; j < weights.Count; j++)
        {
            original[j] = weights[j] / Scale[j];
            shift -= weights[j] * Mean[j] / Scale[j];
        }

        return (original, shift);
    }
}

/// <summary>Means and sums of squared deviations of a stream of vectors, in one pass, mergeable.</summary>
internal sealed class RunningSpread(int width)
{
    public long Rows { get; private set; }

    public double[] Mean { get; } = new double[width];

    public double[] Spread { get; } = new double[width];

    public void Add(ReadOnlySpan<double> values)
    {
        Rows++;
        for (var j = 0; j < Mean.Length; j++)
        {
            var delta = values[j] - Mean[j];
            Mean[j] += delta / Rows;
            Spread[j] += delta * (values[j] - Mean[j]);
        }
    }

    /// <summary>Adds another's rows as if they had come after these (Chan et al.'s pairwise update).</summary>
    public void Merge(RunningSpread other)
    {
        if (other.Rows == 0)
        {
            return;
        }

        var rows = Rows + other.Rows;
        for (var j = 0; j < Mean.Length; j++)
        {
            var delta = other.Mean[j] - Mean[j];
            Spread[j] += other.Spread[j] + (delta * delta * Rows / rows * other.Rows);
            Mean[j] += delta * other.Rows / rows;
        }

        Rows = rows;
    }
}
