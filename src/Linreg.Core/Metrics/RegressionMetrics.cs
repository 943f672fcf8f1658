using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Metrics;

/// <summary>
/// How well a model fits a data set. R² is 1 - SSE/SST; it is NaN when every target is the same. With weights, each
/// is scikit-learn's with sample_weight: MSE = Σ w e² / Σ w, MAE = Σ w |e| / Σ w, SST about the weighted mean.
/// </summary>
public sealed record RegressionMetrics(double Mse, double Rmse, double Mae, double R2, long Rows)
{
    private const int ChunkRows = 1 << 16;

    /// <summary>
    /// In chunks of 65,536 rows on every core, merged in row order, so the result is the same on any number of cores
    /// (and agrees with a single pass to rounding).
    /// </summary>
    public static RegressionMetrics Compute(LinearModel model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var chunks = new MetricsAccumulator[(data.RowCount + ChunkRows - 1) / ChunkRows];
        void Measure(int chunk)
        {
            var accumulator = new MetricsAccumulator();
            var end = Math.Min(data.RowCount, (chunk + 1) * ChunkRows);
            for (var i = chunk * ChunkRows; i < end; i++)
            {
                accumulator.Add(model.Predict(data.Row(i)), data.Targets[i], data.Weight(i));
            }

            chunks[chunk] = accumulator;
        }

        if (chunks.Length == 1)
        {
            Measure(0);
            return chunks[0].Result();
        }

        Parallel.For(0, chunks.Length, Measure);
        var merged = new MetricsAccumulator();
        foreach (var chunk in chunks)
        {
            merged.Merge(chunk);
        }

        return merged.Result();
    }
}

/// <summary>
/// Metrics in one pass, for data streamed from standard input: errors summed directly, the targets' spread with
/// <see cref="TargetSpread"/> so SST needs no second pass and does not cancel.
/// </summary>
public sealed class MetricsAccumulator
{
    private readonly TargetSpread _target = new();
    private double _squared;
    private double _absolute;

    public long Rows => _target.Count;

    /// <param name="weight">The row's weight (finite, ≥ 0); 1 leaves the sums exactly the unweighted ones.</param>
    public void Add(double prediction, double target, double weight = 1)
    {
        var error = prediction - target;
        _squared += weight * error * error;
        _absolute += weight * Math.Abs(error);
        _target.Add(target, weight);
    }

    /// <summary>Adds another accumulator's rows, as if they had come after these.</summary>
    public void Merge(MetricsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Rows == 0)
        {
            return;
        }

        _target.Merge(other._target);
        _squared += other._squared;
        _absolute += other._absolute;
    }

    public RegressionMetrics Result()
    {
        if (Rows == 0)
        {
            throw new InvalidOperationException("no rows");
        }

        var mse = _squared / _target.SumWeights;
        return new RegressionMetrics(mse, Math.Sqrt(mse), _absolute / _target.SumWeights, R2(_squared, _target), Rows);
    }

    /// <summary>1 − SSE/SST, NaN when every target is the same (SST is 0): no line explains a constant.</summary>
    internal static double R2(double residualSquares, TargetSpread target) =>
        target.SumOfSquares > 0 ? 1 - (residualSquares / target.SumOfSquares) : double.NaN;
}
