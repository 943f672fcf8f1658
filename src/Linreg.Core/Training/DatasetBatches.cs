using Linreg.Core.Data;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>
/// Batches of a data set in memory. Full batch (the lesson) is one step on the data's own tensors, or on its moments
/// for large tall data (<see cref="TrainSettings.UsesMoments"/>); mini-batches take consecutive slices, of a
/// <see cref="Shuffle"/>d order when shuffling.
/// </summary>
internal sealed class DatasetBatches(Dataset data, TrainSettings settings) : IBatchSource
{
    private readonly int _batchSize = settings.BatchSize is { } size && size < data.RowCount ? size : data.RowCount;
    private Tensor? _x;
    private Tensor? _y;
    private Tensor? _w;
    private MomentCost? _moments;

    public int FeatureCount => data.FeatureCount;

    public int BatchCount => (data.RowCount + _batchSize - 1) / _batchSize;

    public bool UsesMoments => settings.StepsUseMoments(data.RowCount, data.FeatureCount);

    public long ValuesPerStep => UsesMoments ? (long)data.FeatureCount * data.FeatureCount : (long)data.RowCount * data.FeatureCount;

    public long Rows => data.RowCount;

    public long DroppedRows => data.DroppedRows;

    private bool IsFullBatch => BatchCount == 1 && !settings.Shuffle;

    public void Prepare(Device device)
    {
        if (UsesMoments)
        {
            _moments = new MomentCost(data.Moments, device);
            return;
        }

        _x = ToTensor(data.Features, [data.RowCount, data.FeatureCount], device);
        _y = ToTensor(data.Targets, [data.RowCount, 1], device);
        if (data.Weights is { } weights)
        {
            // Scaled to mean 1: a batch's mean of w·r² is then the weighted MSE for the full batch and its unbiased
            // estimate for a mini-batch, and a batch of zero weights costs 0 rather than 0/0.
            var scale = data.RowCount / weights.Sum();
            _w = ToTensor([.. weights.Select(v => v * scale)], [data.RowCount, 1], device);
        }
    }

    public IEnumerable<Batch> Epoch(int epoch, Device device, CancellationToken cancellationToken)
    {
        if (_moments is not null)
        {
            yield return new Batch(null, null, _moments, data.RowCount);
            yield break;
        }

        // Full batch uses x and y as they are, exactly the lesson's tensors; batches gather their rows.
        if (IsFullBatch)
        {
            yield return new Batch(_x, _y, null, data.RowCount, W: _w);
            yield break;
        }

        using var order = (settings.Shuffle ? Shuffle.Permutation(data.RowCount, settings.Seed, epoch, buffer: 0) : arange(data.RowCount, dtype: ScalarType.Int64)).to(device).DetachFromDisposeScope();
        for (var start = 0; start < data.RowCount; start += _batchSize)
        {
            var count = Math.Min(_batchSize, data.RowCount - start);
            using var rows = order.narrow(0, start, count);
            using var x = _x!.index_select(0, rows);
            using var y = _y!.index_select(0, rows);
            using var w = _w?.index_select(0, rows);
            yield return new Batch(x, y, null, count, W: w);
        }
    }

    /// <summary>
    /// The lesson's float32 tensor of the data set's values (rounded from double, as PyTorch rounds what pandas
    /// reads), or a float64 copy of them for a float64 run. Made only when a step needs the rows: steps on the
    /// moments never do, and a 1M × 10 set is 40 MB (80 MB in float64).
    /// </summary>
    private Tensor ToTensor(double[] values, long[] shape, Device device)
    {
        if (settings.DType == DataType.Float64)
        {
            using var copy = from_array((double[])values.Clone());
            return device.type == TorchSharp.DeviceType.CPU ? copy.view(shape) : copy.view(shape).to(device);
        }

        var rounded = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            rounded[i] = (float)values[i];
        }

        using var flat = from_array(rounded);
        return device.type == TorchSharp.DeviceType.CPU ? flat.view(shape) : flat.view(shape).to(device);
    }

    public void Dispose()
    {
        _x?.Dispose();
        _y?.Dispose();
        _w?.Dispose();
        _moments?.Dispose();
    }
}
