using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>
/// The files of one run read as one table, in the order <see cref="DataPaths"/> gives (by name): each opened once by
/// its own <see cref="TableReader"/>, the columns chosen on the first file and required of the others. Its views are
/// the reader's: <see cref="Load"/> concatenates the files' rows in order, <see cref="Fold{TState}"/> returns every
/// file's chunk states in file order. Files are read side by side, each on every core; merging the states in that
/// order gives the same bits on any number of cores, and one file is exactly its reader.
/// </summary>
public sealed class TableSet : IDisposable
{
    private readonly TableReader[] _tables;

    private TableSet(TableReader[] tables, int[] features, int target)
    {
        _tables = tables;
        Use(features, target);
    }

    public IReadOnlyList<TableReader> Tables => _tables;

    /// <summary>The feature columns followed by the target column: the same indices in every file.</summary>
    public int[] Columns { get; private set; } = [];

    public IReadOnlyList<string> FeatureNames { get; private set; } = [];

    public string TargetName { get; private set; } = string.Empty;

    /// <summary>Chooses the columns again, once the header is known: a formula names its columns from it.</summary>
    public void Select(ColumnSelection columns)
    {
        var (features, target) = _tables[0].SelectColumns(columns);
        Use(features, target);
    }

    private void Use(int[] features, int target)
    {
        Columns = [.. features, target];
        FeatureNames = [.. features.Select(i => _tables[0].ColumnNames[i])];
        TargetName = _tables[0].ColumnNames[target];
    }

    /// <summary>How messages name the data: the file, or the files.</summary>
    public string DisplayName => NameList.Join(_tables.Select(t => t.Source.DisplayName));

    /// <summary>The files by identity (absolute paths; /dev/stdin for standard input), which no output may replace.</summary>
    public IReadOnlyList<string?> FullPaths => [.. _tables.Select(t => t.Source.Identity)];

    /// <summary>Whether every file can be read more than once (none is standard input or a pipe).</summary>
    public bool CanReadAgain => _tables.All(t => t.CanReadAgain);

    /// <param name="missing">The command's --missing; see <see cref="TableReader.Open"/>.</param>
    public static TableSet Open(IReadOnlyList<DataSource> sources, CsvFormat format, MissingValuePolicy? missing, ColumnSelection columns)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count);
        var tables = new List<TableReader>(sources.Count);
        try
        {
            tables.Add(TableReader.Open(sources[0], format, missing));
            var (features, target) = tables[0].SelectColumns(columns);
            foreach (var source in sources.Skip(1))
            {
                tables.Add(TableReader.Open(source, format, missing));
                RequireSameColumns(tables[0], tables[^1]);
            }

            return new TableSet([.. tables], features, target);
        }
        catch
        {
            foreach (var table in tables)
            {
                table.Dispose();
            }

            throw;
        }
    }

    /// <summary>Every row of every file, in file order, as one data set; the files are read side by side.</summary>
    public Dataset Load(CancellationToken cancellationToken)
    {
        var features = Columns[..^1];
        var target = Columns[^1];
        if (_tables.Length == 1)
        {
            return _tables[0].Load(features, target, cancellationToken);
        }

        var parts = new Dataset[_tables.Length];
        _ = ChunkedScan.RunInOrder(parts.Length, () => file =>
        {
            parts[file] = _tables[file].Load(features, target, cancellationToken);
            return true;
        });
        return Concatenate(parts);
    }

    /// <summary>
    /// Folds every file's rows (<see cref="Columns"/>) as <see cref="TableReader.Fold{TState}"/> does one file's, and
    /// returns all the chunk states, file after file.
    /// </summary>
    public (TState[] Chunks, long Dropped) Fold<TState>(Func<TState> create, Action<TState, ReadOnlySpan<double>> add, CancellationToken cancellationToken)
    {
        if (_tables.Length == 1)
        {
            return _tables[0].Fold(Columns, create, add, cancellationToken);
        }

        var parts = new (TState[] Chunks, long Dropped)[_tables.Length];
        _ = ChunkedScan.RunInOrder(parts.Length, () => file =>
        {
            parts[file] = _tables[file].Fold(Columns, create, add, cancellationToken);
            return true;
        });
        return ([.. parts.SelectMany(p => p.Chunks)], parts.Sum(p => p.Dropped));
    }

    public void Dispose()
    {
        foreach (var table in _tables)
        {
            table.Dispose();
        }
    }

    /// <summary>
    /// One table needs one set of columns. Matching by position alone would pair a file's third column with
    /// another's fourth; matching by name alone would quietly drop a column one file lacks.
    /// </summary>
    private static void RequireSameColumns(TableReader first, TableReader other)
    {
        if (first.ColumnNames.SequenceEqual(other.ColumnNames, StringComparer.Ordinal))
        {
            return;
        }

        var headers = first.HasHeader == other.HasHeader
            ? string.Empty
            : $" ({(other.HasHeader ? first : other).Source.DisplayName} has no header row: give every file its own header, or pass --no-header for all)";
        throw new LinregException(
            ExitCode.DataError,
            $"{other.Source.DisplayName}: its columns ({other.DescribeColumns()}) differ from {first.Source.DisplayName}'s ({first.DescribeColumns()}); files read as one table need the same columns in the same order{headers}");
    }

    private Dataset Concatenate(Dataset[] parts)
    {
        var k = parts[0].FeatureCount;
        var rows = parts.Sum(p => (long)p.RowCount);
        if (rows * Math.Max(1, k) > Array.MaxLength)
        {
            throw new LinregException(
                ExitCode.DataError,
                string.Create(CultureInfo.InvariantCulture, $"{DisplayName}: {rows:N0} rows × {k} features are more values than one array holds; train with --stream, which holds none of them"));
        }

        var features = new double[rows * k];
        var targets = new double[rows];
        var at = 0;
        foreach (var part in parts)
        {
            part.Features.CopyTo(features, at * k);
            part.Targets.CopyTo(targets, at);
            at += part.RowCount;
        }

        return new Dataset(DisplayName, FeatureNames, TargetName, features, targets, parts.Sum(p => p.DroppedRows));
    }
}
