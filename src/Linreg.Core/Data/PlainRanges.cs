namespace Linreg.Core.Data;

/// <summary>Cutting a plain CSV file's data into byte ranges at line ends, and working on them on every core.</summary>
internal static class PlainRanges
{
    /// <summary>
    /// Runs part 0 here and the others on the thread pool. Tasks rather than Parallel.For: the reader must not load
    /// another assembly while libtorch may be loading (see TrainJob).
    /// </summary>
    public static void OnEveryCore(int parts, Action<int> work)
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

    /// <summary>
    /// Range boundaries (offsets past the data start), 0 and <paramref name="length"/> included: each of
    /// <paramref name="approximate"/> moved to just after the next line end.
    /// </summary>
    public static long[] CutAtLineEnds(string path, PlainStart start, long length, long[] approximate)
    {
        var parts = approximate.Length + 1;
        var cuts = new long[parts + 1];
        cuts[parts] = length;
        var probe = new byte[1 << 16];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        for (var p = 1; p < parts; p++)
        {
            var at = Math.Max(cuts[p - 1], approximate[p - 1]);
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

    /// <summary>Lines in <paramref name="length"/> bytes from byte <paramref name="offset"/> of the file (a last line without a line end counts).</summary>
    public static long CountLines(string path, long offset, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        file.Position = offset;
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

    /// <summary>
    /// Parses every line of <paramref name="length"/> bytes from <paramref name="from"/> (past the data start) and hands
    /// each row to <paramref name="onRow"/>. False when a line is not plain, when <paramref name="onRow"/> refuses a row,
    /// or on cancellation; the callers then read the file row by row.
    /// </summary>
    /// <param name="buffer">The block buffer, one per thread when a thread reads many ranges; null for a new one.</param>
    public static bool ReadRows(
        string path, PlainStart start, PlainCsvLayout layout, long from, long length, byte[]? buffer, Func<ReadOnlySpan<float>, bool> onRow, CancellationToken cancellationToken)
    {
        Span<float> values = layout.Wanted.Length <= 1024 ? stackalloc float[layout.Wanted.Length] : new float[layout.Wanted.Length];
        using var lines = start.OpenLines(path, from, length, buffer);
        var rows = 0;
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

            if ((++rows & 0xFFF) == 0 && cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }
}
