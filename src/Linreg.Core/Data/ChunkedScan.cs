using System.Runtime.ExceptionServices;

namespace Linreg.Core.Data;

/// <summary>
/// A plain file's data cut into chunks at line ends, and work on the chunks on every core: the engine under
/// <see cref="TableLoad"/> and <see cref="TableFold"/>. Chunks are handed out in file order; the work on a chunk
/// may refuse it (a line that is not plain, cancellation), and then the chunks after it are not started and the
/// caller goes on row by row from where the first refused chunk stopped.
/// </summary>
internal static class ChunkedScan
{
    private const int ProbeBytes = 1 << 14;

    /// <summary>Chunk boundaries as offsets past the data's start, 0 and the data's length included.</summary>
    public static long[] Cut(TableFile file, PlainStart start)
    {
        var length = Math.Max(0, file.Length - start.Offset);
        var parts = (int)Math.Max(1, (length + Tuning.ChunkBytes - 1) / Tuning.ChunkBytes);
        var cuts = new long[parts + 1];
        cuts[parts] = length;
        var probe = new byte[ProbeBytes];
        for (var p = 1; p < parts; p++)
        {
            var at = Math.Max(cuts[p - 1], p * Tuning.ChunkBytes);
            cuts[p] = length;
            while (at < length)
            {
                var read = file.Read(start.Offset + at, probe);
                var newline = probe.AsSpan(0, read).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    cuts[p] = Math.Min(length, at + newline + 1);
                    break;
                }

                at += read;
                if (read == 0)
                {
                    break;
                }
            }
        }

        return cuts;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on every chunk, the first here and the others on the thread pool, with one block
    /// buffer per thread. Returns the first chunk the work refused, or -1 when it took them all.
    /// </summary>
    public static int Run(int chunks, Func<int, byte[], bool> work) => RunInOrder(chunks, () =>
    {
        var buffer = PlainLineReader.NewBuffer();
        return chunk => work(chunk, buffer);
    });

    /// <summary>
    /// Hands out items 0, 1, … in order to up to one thread per core (this one included), each running the work
    /// <paramref name="newWorker"/> makes for it; a refusal stops the items not yet started. Returns the first item
    /// refused, or -1. Tasks rather than Parallel.For: the reader must not load another assembly while libtorch may
    /// be loading (see TorchWarmUp). Several files are read the same way, a file per thread, each on every core.
    /// </summary>
    public static int RunInOrder(int items, Func<Func<int, bool>> newWorker)
    {
        var done = new bool[items];
        var next = -1;
        var refused = false;
        void Worker()
        {
            var work = newWorker();
            int item;
            while (!Volatile.Read(ref refused) && (item = Interlocked.Increment(ref next)) < items)
            {
                done[item] = work(item);
                if (!done[item])
                {
                    Volatile.Write(ref refused, true);
                }
            }
        }

        var threads = Math.Max(1, Math.Min(Math.Min(Environment.ProcessorCount, Tuning.MaxReaderThreads), items));
        var others = new Task[threads - 1];
        for (var t = 0; t < others.Length; t++)
        {
            others[t] = Task.Run(Worker);
        }

        try
        {
            Worker();
            Task.WaitAll(others);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        // Items go out in order and a refusal stops only items not yet started, so every item before the first
        // one not done was done.
        return Array.IndexOf(done, false);
    }

    /// <summary>
    /// Reads chunk <paramref name="chunk"/>'s lines as rows and hands each to <paramref name="onRow"/>. False when a line
    /// is not plain, when <paramref name="onRow"/> refuses a row, or on cancellation; <paramref name="rows"/> and
    /// <paramref name="consumed"/> then say how far it got: the rows taken, and the bytes up to the end of the last of them.
    /// </summary>
    public static bool ReadRows(
        TableFile file, PlainStart start, long[] cuts, int chunk, PlainCsvLayout layout, byte[] buffer, Func<ReadOnlySpan<double>, bool> onRow, CancellationToken cancellationToken, out long rows, out long consumed)
    {
        Span<double> values = layout.Wanted.Length <= 1024 ? stackalloc double[layout.Wanted.Length] : new double[layout.Wanted.Length];
        var lines = new PlainLineReader(file, start.Offset + cuts[chunk], cuts[chunk + 1] - cuts[chunk], buffer);
        rows = 0;
        consumed = 0;
        while (true)
        {
            var status = lines.Next(out var line);
            if (status == LineStatus.End)
            {
                return true;
            }

            if (status == LineStatus.NotPlain || !layout.TryParseLine(line, values) || !onRow(values))
            {
                return false;
            }

            consumed = lines.Consumed;
            if ((++rows & 0xFFF) == 0 && cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Lines in a chunk (a last line without a line end counts).</summary>
    public static long CountLines(TableFile file, PlainStart start, long[] cuts, int chunk, byte[] buffer) =>
        new PlainLineReader(file, start.Offset + cuts[chunk], cuts[chunk + 1] - cuts[chunk], buffer).CountLines();
}
