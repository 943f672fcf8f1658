namespace Linreg.Core;

/// <summary>
/// The sizes at which linreg changes strategy, in one place. Each was measured on the bench's data (2 cores); none
/// changes a result, only how fast it comes.
/// </summary>
public static class Tuning
{
    /// <summary>
    /// Files are read in chunks of about this many bytes, cut at line ends, one core per chunk at a time; a smaller
    /// file is one chunk, read by the caller's thread before a second core would have started. The size does not
    /// depend on the number of cores, so sums merged chunk by chunk give the same bits on any machine. It is also
    /// where libtorch's load moves behind the reader's set-up (see <see cref="Runtime.TorchWarmUp"/>).
    /// </summary>
    public const long ChunkBytes = 4 << 20;

    /// <summary>The most cores a file is read on: beyond it, the disk or memory bandwidth is the limit.</summary>
    public const int MaxReaderThreads = 16;
}
