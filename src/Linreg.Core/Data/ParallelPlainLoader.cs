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
            var cuts = PlainRanges.CutAtLineEnds(path, start, length, [.. Enumerable.Range(1, parts - 1).Select(p => length * p / parts)]);
            var rowsBefore = new long[parts + 1];
            var lineCounts = new long[parts];
            PlainRanges.OnEveryCore(parts, p => lineCounts[p] = PlainRanges.CountLines(path, start.Offset + cuts[p], cuts[p + 1] - cuts[p]));
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
            PlainRanges.OnEveryCore(parts, p => parsed[p] = ParseRange(path, start, layout, cuts[p], cuts[p + 1] - cuts[p], features, targets, rowsBefore[p], rowsBefore[p + 1], cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            return parsed.All(ok => ok) ? (features, targets) : null;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is IOException or UnauthorizedAccessException))
        {
            return null; // read again row by row, which reports what went wrong with the file
        }
    }

    /// <summary>Rows of one range into their slice of the arrays; false unless the range holds exactly its counted rows.</summary>
    private static bool ParseRange(
        string path, PlainStart start, PlainCsvLayout layout, long from, long length, float[] features, float[] targets, long firstRow, long endRow, CancellationToken cancellationToken)
    {
        var k = layout.Wanted.Length - 1;
        var row = firstRow;
        bool Store(ReadOnlySpan<float> values)
        {
            if (row == endRow)
            {
                return false;
            }

            values[..k].CopyTo(features.AsSpan((int)(row * k), k));
            targets[row] = values[k];
            row++;
            return true;
        }

        return PlainRanges.ReadRows(path, start, layout, from, length, null, Store, cancellationToken) && row == endRow;
    }
}
