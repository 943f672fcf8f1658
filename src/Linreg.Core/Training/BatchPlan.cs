using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>
/// Which rows each step of an epoch sees. Full batch (the lesson) is one step over every row. Mini-batches take
/// consecutive slices, of a permutation when shuffling; each epoch's permutation comes from its own generator
/// seeded with (seed, epoch), so a run repeats bit for bit and a resumed run sees the same batches.
/// </summary>
internal sealed class BatchPlan(int rows, int? batchSize, bool shuffle, long seed)
{
    public int BatchCount { get; } = batchSize is { } size && size < rows ? (rows + size - 1) / size : 1;

    public bool IsFullBatch => BatchCount == 1 && !shuffle;

    /// <summary>
    /// Row indices of each batch of <paramref name="epoch"/>, as tensors owned by the caller's dispose scope; a single
    /// null for full batch, which needs no indices.
    /// </summary>
    public IEnumerable<Tensor?> Batches(int epoch, Device device)
    {
        if (IsFullBatch)
        {
            yield return null;
            yield break;
        }

        var size = batchSize is { } s && s < rows ? s : rows;
        Tensor order;
        if (shuffle)
        {
            using var generator = new Generator(unchecked((ulong)seed * 1_000_003UL + (ulong)epoch));
            order = randperm(rows, generator: generator, device: CPU).to(device);
        }
        else
        {
            order = arange(rows, dtype: ScalarType.Int64, device: device);
        }

        for (var start = 0; start < rows; start += size)
        {
            yield return order.narrow(0, start, Math.Min(size, rows - start));
        }
    }
}
