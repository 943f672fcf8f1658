using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Metrics;

/// <summary>How well a model fits a data set. R² is 1 - SSE/SST; it is NaN when every target is the same.</summary>
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
                accumulator.Add(model.Predict(data.Row(i)), data.Targets[i]);
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
/// Welford's update so SST needs no second pass and does not cancel.
/// </summary>
public sealed class MetricsAccumulator
{
    private long _rows;
    private double _squared;
    private double _absolute;
    private double _targetMean;
    private double _targetSpread;

    public long Rows => _rows;

    public void Add(double prediction, double target)
    {
        _rows++;
        var error = prediction - target;
        _squared += error * error;
        _absolute += Math.Abs(error);
        var delta = target - _targetMean;
        _targetMean += delta / _rows;
        _targetSpread += delta * (target - _targetMean);
    }

    /// <summary>Adds another accumulator's rows, as if they had come after these (Chan et al.'s pairwise update of the spread).</summary>
    public void Merge(MetricsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._rows == 0)
        {
            return;
        }

        var rows = _rows + other._rows;
        var delta = other._targetMean - _targetMean;
        _targetSpread += other._targetSpread + (delta * delta * _rows / rows * other._rows);
        _targetMean += delta * other._rows / rows;
        _squared += other._squared;
        _absolute += other._absolute;
        _rows = rows;
    }

    public RegressionMetrics Result()
    {
        if (_rows == 0)
        {
            throw new InvalidOperationException("no rows");
        }

        var mse = _squared / _rows;
        return new RegressionMetrics(mse, Math.Sqrt(mse), _absolute / _rows, _targetSpread > 0 ? 1 - (_squared / _targetSpread) : double.NaN, _rows);
    }
}
