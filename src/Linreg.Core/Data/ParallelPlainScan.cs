namespace Linreg.Core.Data;

/// <summary>
/// Visits every row of a large plain CSV file (see <see cref="PlainCsvLayout"/>) on every core, in constant memory:
/// the data is cut at line ends near every 32 MiB, the cores take the chunks in turn, and each chunk folds its rows
/// into a state of its own. The states come back in file order, so whatever merges them gets the same result on any
/// number of cores. Any line that is not plain makes it give up (null): the caller reads row by row instead.
/// </summary>
internal static class ParallelPlainScan
{
    private const long ChunkBytes = 32L << 20;

    /// <summary>Below this, one core reads the file before a second would have started.</summary>
    private const long MinimumBytes = 4 << 20;

    public static TState[]? TryScan<TState>(string path, PlainStart start, PlainCsvLayout layout, Func<TState> create, Action<TState, ReadOnlySpan<float>> add, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length - start.Offset;
        var workers = Math.Min(Environment.ProcessorCount, 16);
        if (workers < 2 || length < MinimumBytes)
        {
            return null;
        }

        try
        {
            var chunkCount = (int)((length + ChunkBytes - 1) / ChunkBytes);
            var cuts = PlainRanges.CutAtLineEnds(path, start, length, [.. Enumerable.Range(1, chunkCount - 1).Select(c => c * ChunkBytes)]);
            var states = new TState[chunkCount];
            var next = -1;
            var failed = false;
            PlainRanges.OnEveryCore(Math.Min(workers, chunkCount), _ =>
            {
                // One block buffer per worker for all its chunks: a megabyte per chunk would pile up on the
                // large-object heap (160 of them for 5 GB).
                var buffer = PlainLineReader.NewBuffer();
                int chunk;
                while (!Volatile.Read(ref failed) && (chunk = Interlocked.Increment(ref next)) < chunkCount)
                {
                    var state = create();
                    bool Add(ReadOnlySpan<float> values)
                    {
                        add(state, values);
                        return true;
                    }

                    if (!PlainRanges.ReadRows(path, start, layout, cuts[chunk], cuts[chunk + 1] - cuts[chunk], buffer, Add, cancellationToken))
                    {
                        Volatile.Write(ref failed, true);
                        return;
                    }

                    states[chunk] = state;
                }
            });
            cancellationToken.ThrowIfCancellationRequested();
            return failed ? null : states;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is IOException or UnauthorizedAccessException))
        {
            return null;
        }
    }
}
