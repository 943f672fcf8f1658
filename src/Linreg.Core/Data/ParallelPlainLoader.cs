namespace Linreg.Core.Data;

/// <summary>
/// Loads a large plain CSV file (see <see cref="PlainCsvLayout"/>) on every core: the data is cut into one byte range
/// per core at line ends, each range counts its lines (memory speed), and then parses them straight into its own
/// slice of the data set's arrays, which are allocated once at their final size. Any line that is not plain makes
/// it give up (null), and the caller reads the file row by row instead, which finds and words the problem.
/// </summary>
internal static class ParallelPlainLoader
{
    /// <summary>Below this, one core parses the file before a second would have started.</summary>
    private const long MinimumBytes = 4 << 20;

    private const int CancellationCheckRows = 1 << 12;

    public static (float[] Features, float[] Targets)? TryLoad(string path, PlainStart start, PlainCsvLayout layout, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length - start.Offset;
        var parts = Math.Min(Environment.ProcessorCount, 16);
        if (parts < 2 || length < MinimumBytes)
        {
            return null;
        }

        try
        {
            var cuts = CutAtLineEnds(path, start, length, parts);
            var rowsBefore = new long[parts + 1];
            var lineCounts = new long[parts];
            OnEveryCore(parts, p => lineCounts[p] = CountLines(path, start, cuts[p], cuts[p + 1] - cuts[p]));
            for (var p = 0; p < parts; p++)
            {
                rowsBefore[p + 1] = rowsBefore[p] + lineCounts[p];
            }

            var k = layout.Wanted.Length - 1;
            var rows = rowsBefore[parts];
            if (rows == 0 || rows > Array.MaxLength / Math.Max(1, k))
            {
                return null;
            }

            var features = new float[rows * k];
            var targets = new float[rows];
            var parsed = new bool[parts];
            OnEveryCore(parts, p => parsed[p] = ParseRange(path, start, layout, cuts[p], cuts[p + 1] - cuts[p], features, targets, rowsBefore[p], rowsBefore[p + 1], cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            return parsed.All(ok => ok) ? (features, targets) : null;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is IOException or UnauthorizedAccessException))
        {
            return null; // read again row by row, which reports what went wrong with the file
        }
    }

    /// <summary>
    /// Runs part 0 here and the others on the thread pool. Tasks rather than Parallel.For: the reader must not load
    /// another assembly while libtorch may be loading (see TrainJob).
    /// </summary>
    private static void OnEveryCore(int parts, Action<int> work)
    {
        var others = new Task[parts - 1];
        for (var p = 1; p < parts; p++)
        {
            var part = p;
            others[p - 1] = Task.Run(() => work(part));
        }

        work(0);
        Task.WaitAll(others);
    }

    /// <summary>Range boundaries (offsets past the data start): each cut sits just after a line end.</summary>
    private static long[] CutAtLineEnds(string path, PlainStart start, long length, int parts)
    {
        var cuts = new long[parts + 1];
        cuts[parts] = length;
        var probe = new byte[1 << 16];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        for (var p = 1; p < parts; p++)
        {
            var at = Math.Max(cuts[p - 1], length * p / parts);
            cuts[p] = length;
            while (at < length)
            {
                file.Position = start.Offset + at;
                var read = file.ReadAtLeast(probe, probe.Length, throwOnEndOfStream: false);
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

    private static long CountLines(string path, PlainStart start, long from, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        file.Position = start.Offset + from;
        var buffer = new byte[1 << 20];
        long lines = 0;
        var last = (byte)'\n';
        while (length > 0)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (read == 0)
            {
                break;
            }

            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
            length -= read;
        }

        return last == '\n' ? lines : lines + 1;
    }

    private static bool ParseRange(
        string path, PlainStart start, PlainCsvLayout layout, long from, long length, float[] features, float[] targets, long firstRow, long endRow, CancellationToken cancellationToken)
    {
        var k = layout.Wanted.Length - 1;
        Span<float> values = stackalloc float[k + 1];
        using var lines = start.OpenLines(path, from, length);
        var row = firstRow;
        while (true)
        {
            var status = lines.Next(out var line);
            if (status == LineStatus.End)
            {
                return row == endRow;
            }

            if (status == LineStatus.NotPlain || row == endRow || !layout.TryParseLine(line, values))
            {
                return false;
            }

            values[..k].CopyTo(features.AsSpan((int)(row * k), k));
            targets[row] = values[k];
            row++;
            if (row % CancellationCheckRows == 0 && cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }
}
