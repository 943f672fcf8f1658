using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>
/// What one step of the lesson's loop descends on: rows as tensors (<see cref="X"/>, <see cref="Y"/>), or the
/// data's moments (<see cref="Moments"/>), which give the same full-batch cost in O(k²).
/// </summary>
/// <param name="Rows">The rows this step stands for, to weigh its cost in the epoch's.</param>
/// <param name="EpochFraction">How much of the epoch is done after it, where batch counting cannot tell (a stream).</param>
/// <param name="W">--weights' rows scaled to mean 1 over the data set (so the full batch's mean of W·r² is Σ w r² / Σ w); null unweighted.</param>
internal readonly record struct Batch(Tensor? X, Tensor? Y, MomentCost? Moments, int Rows, double? EpochFraction = null, Tensor? W = null);

/// <summary>
/// Where the loop's batches come from, epoch after epoch: the whole data set in memory, its mini-batches, its
/// moments, or buffers streamed from a file. The loop (<see cref="Trainer"/>) is the same for all of them.
/// </summary>
internal interface IBatchSource : IDisposable
{
    int FeatureCount { get; }

    /// <summary>Batches per epoch; 0 when it is known only at the epoch's end (a stream).</summary>
    int BatchCount { get; }

    /// <summary>Whether full-batch steps take their cost from the data's moments.</summary>
    bool UsesMoments { get; }

    /// <summary>Feature values one step works on, to choose libtorch's thread count.</summary>
    long ValuesPerStep { get; }

    /// <summary>Rows in the last epoch, and rows it skipped under --missing drop.</summary>
    long Rows { get; }

    long DroppedRows { get; }

    /// <summary>Makes what the steps need on <paramref name="device"/>, once, before the first epoch.</summary>
    void Prepare(Device device);

    /// <summary>
    /// The batches of <paramref name="epoch"/>. A batch's tensors are the source's: it disposes them when it moves on
    /// to the next batch (a dispose scope per step measured 20 µs a step, a tenth of the lesson's loop). Cancellation
    /// may end the epoch with an <see cref="OperationCanceledException"/>.
    /// </summary>
    IEnumerable<Batch> Epoch(int epoch, Device device, CancellationToken cancellationToken);
}

/// <summary>
/// The one way rows are shuffled: a permutation from a generator seeded with (seed, epoch, buffer). Data in memory
/// is buffer 0, so a file streamed in one buffer is shuffled exactly as the same rows in memory, and a run, or a
/// resumed run, repeats bit for bit.
/// </summary>
internal static class Shuffle
{
    /// <summary>A permutation of 0…<paramref name="rows"/>-1 (int64, on the CPU), owned by the current dispose scope.</summary>
    public static Tensor Permutation(int rows, long seed, int epoch, int buffer)
    {
        using var generator = new Generator(unchecked(((ulong)seed * 1_000_003UL) + (ulong)epoch + ((ulong)buffer * 65_537UL)));
        return randperm(rows, generator: generator, device: CPU);
    }
}
