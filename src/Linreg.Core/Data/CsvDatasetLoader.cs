namespace Linreg.Core.Data;

/// <summary>Loads a whole CSV into a <see cref="Dataset"/> for training.</summary>
public static class CsvDatasetLoader
{
    public static Dataset Load(DataSource source, CsvFormat format, ColumnSelection columns, MissingValuePolicy missing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        using var reader = NumericCsvReader.Open(source, format);
        if (reader.ColumnCount < 2)
        {
            throw new LinregException(
                ExitCode.DataError,
                $"{source.DisplayName}: only one column ({reader.DescribeColumns()}); training needs at least one feature column and a target column (check --delimiter)");
        }

        var (featureIndices, targetIndex) = SelectColumns(reader, columns);
        var k = featureIndices.Length;
        Span<int> wanted = stackalloc int[k + 1];
        featureIndices.CopyTo(wanted);
        wanted[k] = targetIndex;

        var row = new float[k + 1];
        var features = new float[1024 * k];
        var targets = new float[1024];
        var count = 0;
        long dropped = 0;
        while (reader.ReadRow(wanted, row, missing, ref dropped))
        {
            if ((count & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (count == targets.Length)
            {
                Array.Resize(ref targets, checked(targets.Length * 2));
                Array.Resize(ref features, checked(targets.Length * k));
            }

            row.AsSpan(0, k).CopyTo(features.AsSpan(count * k));
            targets[count] = row[k];
            count++;
        }

        if (count == 0)
        {
            var why = dropped > 0 ? $"all {dropped} data row(s) had missing or non-numeric values" : reader.HasHeader ? "it has a header but no data rows" : "it has no data rows";
            throw new LinregException(ExitCode.DataError, $"{source.DisplayName}: nothing to train on: {why}");
        }

        Array.Resize(ref targets, count);
        Array.Resize(ref features, count * k);
        var names = featureIndices.Select(i => reader.ColumnNames[i]).ToArray();
        return new Dataset(source.DisplayName, names, reader.ColumnNames[targetIndex], features, targets, dropped);
    }

    private static (int[] Features, int Target) SelectColumns(NumericCsvReader reader, ColumnSelection columns)
    {
        var target = columns.Target is null ? reader.ColumnCount - 1 : reader.ResolveColumn(columns.Target, "--target");
        int[] features;
        if (columns.Features is null)
        {
            features = [.. Enumerable.Range(0, reader.ColumnCount).Where(i => i != target)];
        }
        else
        {
            features = [.. columns.Features.Select(f => reader.ResolveColumn(f, "--features"))];
            if (features.Length == 0)
            {
                throw new LinregException(ExitCode.UsageError, "--features names no column; give at least one, e.g. --features x1,x2");
            }

            var repeated = features.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
            {
                throw new LinregException(ExitCode.UsageError, $"--features names column '{reader.ColumnNames[repeated.Key]}' more than once");
            }

            if (features.Contains(target))
            {
                throw new LinregException(ExitCode.UsageError, $"column '{reader.ColumnNames[target]}' cannot be both the target and a feature");
            }
        }

        return (features, target);
    }
}
