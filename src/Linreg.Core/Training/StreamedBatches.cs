using System.Numerics;
using Linreg.Core.Data;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>
/// Mini-batches read from the file again every epoch, a buffer of rows at a time, so memory stays bounded whatever
/// the file's size; the next buffer is parsed on another core while this one trains. With --shuffle, rows are
/// <see cref="Shuffle"/>d inside each buffer.
/// </summary>
internal static class StreamedBatches
{
    /// <summary>Rows held at once: the shuffle window, and the bound on the data's share of memory.</summary>
    public const int BufferRows = 1 << 16;

    public const int DefaultBatchSize = 4096;

    /// <summary>A stream whose buffers hold the run's dtype: float32 (the lesson's) or float64.</summary>
    /// <param name="columns">The features, the target, and with <paramref name="weightScale"/> the weights' column.</param>
    /// <param name="weightScale">Rows / Σ w from a pass before (the weights scaled to mean 1, as in memory); null unweighted.</param>
    public static IBatchSource Create(TableReader table, int[] columns, Standardization? scaling, TrainSettings settings, double? weightScale = null) => settings.DType == DataType.Float64
        ? new StreamedBatches<double>(table, columns, scaling, settings, weightScale)
        : new StreamedBatches<float>(table, columns, scaling, settings, weightScale);
}

/// <summary>The stream over buffers of <typeparamref name="T"/>, the run's element type.</summary>
internal sealed class StreamedBatches<T>(TableReader table, int[] columns, Standardization? scaling, TrainSettings settings, double? weightScale) : IBatchSource
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int BufferRows = StreamedBatches.BufferRows;

    private readonly int _batchSize = Math.Min(settings.BatchSize ?? StreamedBatches.DefaultBatchSize, BufferRows);
    private readonly T[] _features = new T[BufferRows * (columns.Length - (weightScale is null ? 1 : 2))];
    private readonly T[] _targets = new T[BufferRows];
    private readonly T[]? _weights = weightScale is null ? null : new T[BufferRows];
    private readonly int[] _order = new int[BufferRows];
    private Staging? _staging;

    public int FeatureCount => columns.Length - (weightScale is null ? 1 : 2);

    public int BatchCount => 0;

    public bool UsesMoments => false;

    public long ValuesPerStep => (long)_batchSize * FeatureCount;

    public long Rows { get; private set; }

    public long DroppedRows { get; private set; }

    public void Prepare(Device device) => _staging = settings.Shuffle ? new Staging(_batchSize, FeatureCount, _weights is not null) : null;

    public IEnumerable<Batch> Epoch(int epoch, Device device, CancellationToken cancellationToken)
    {
        long rows = 0;
        var buffer = 0;
        using (var input = table.Stream(columns, cancellationToken, BufferRows))
        {
            while (input.TryTake(out var block))
            {
                var filled = Unpack(block, rows);
                var fraction = table.Length > 0 ? Math.Min(1, (double)block.BytesRead / table.Length) : (double?)null;
                input.Return(block);
                var order = settings.Shuffle ? Order(filled, epoch, buffer) : null;
                buffer++;
                for (var start = 0; start < filled; start += _batchSize)
                {
                    var count = Math.Min(_batchSize, filled - start);
                    var (x, y, w) = Tensors(order, start, count, device);
                    using (x)
                    using (y)
                    using (w)
                    {
                        rows += count;
                        yield return new Batch(x, y, null, count, fraction, w);
                    }
                }
            }

            DroppedRows = input.Dropped;
        }

        if (rows == 0)
        {
            throw new LinregException(ExitCode.DataError, $"{table.Source.DisplayName}: nothing to train on: {(DroppedRows > 0 ? $"all {DroppedRows} data row(s) had missing or non-numeric values" : "no data rows")}");
        }

        Rows = rows;
    }

    /// <summary>
    /// Splits a block's rows into features and targets, standardized when the run standardizes, rounded to
    /// <typeparamref name="T"/>; a value beyond float32's range is named for a float32 run.
    /// </summary>
    private int Unpack(RowBlock block, long rowsBefore)
    {
        var k = FeatureCount;
        for (var i = 0; i < block.Count; i++)
        {
            var row = block.Row(i);
            var destination = _features.AsSpan(i * k, k);
            for (var j = 0; j <= k; j++)
            {
                var value = T.CreateTruncating(scaling is null || j == k ? row[j] : (row[j] - scaling.Mean[j]) / scaling.Scale[j]);
                if (typeof(T) == typeof(float) && T.IsInfinity(value))
                {
                    throw Float32Data.OutOfRange(table.Source.DisplayName, rowsBefore + i, table.ColumnNames[columns[j]], row[j]);
                }

                if (j < k)
                {
                    destination[j] = value;
                }
                else
                {
                    _targets[i] = value;
                }
            }

            if (_weights is not null)
            {
                RowWeights.Check(row[k + 1], table.Source.DisplayName, table.ColumnNames[columns[k + 1]], rowsBefore + i + 1);
                _weights[i] = T.CreateTruncating(row[k + 1] * weightScale!.Value);
            }
        }

        return block.Count;
    }

    private int[] Order(int rows, int epoch, int buffer)
    {
        using var scope = NewDisposeScope();
        Shuffle.Permutation(rows, settings.Seed, epoch, buffer).to_type(ScalarType.Int32).data<int>().CopyTo(_order.AsSpan(0, rows));
        return _order;
    }

    /// <summary>
    /// A batch as tensors over the buffers themselves, or over the staging buffers for a shuffled order: a step
    /// allocates no arrays (a new 160 KB array per step piled up on the large-object heap: 54 MB more peak memory).
    /// The caller disposes the tensors after the step, before the buffers are written again.
    /// </summary>
    private (Tensor X, Tensor Y, Tensor? W) Tensors(int[]? order, int start, int count, Device device)
    {
        var k = FeatureCount;
        if (order is null)
        {
            return (Slice(_features, k, start, count, device), Slice(_targets, 1, start, count, device), _weights is null ? null : Slice(_weights, 1, start, count, device));
        }

        var staging = _staging!;
        for (var i = 0; i < count; i++)
        {
            var row = order[start + i];
            _features.AsSpan(row * k, k).CopyTo(staging.Features.AsSpan(i * k, k));
            staging.Targets[i] = _targets[row];
            staging.Weights?[i] = _weights![row];
        }

        return (Slice(staging.Features, k, 0, count, device), Slice(staging.Targets, 1, 0, count, device), staging.Weights is null ? null : Slice(staging.Weights, 1, 0, count, device));
    }

    /// <summary>Rows <paramref name="start"/>… of a row-major buffer as one tensor; the views on the way are let go.</summary>
    private static Tensor Slice(T[] buffer, int width, int start, int count, Device device)
    {
        using var flat = from_array(buffer);
        using var rows = flat.view(-1, width);
        var slice = rows.narrow(0, start, count);
        if (device.type == TorchSharp.DeviceType.CPU)
        {
            return slice;
        }

        using (slice)
        {
            return slice.to(device);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Staging(int rows, int k, bool weighted)
    {
        public T[] Features { get; } = new T[rows * k];

        public T[] Targets { get; } = new T[rows];

        public T[]? Weights { get; } = weighted ? new T[rows] : null;
    }
}
