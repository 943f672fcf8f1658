using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>
/// The one way into a data table. It opens the source once, reads the head (delimiter, header, column names) and
/// decides once whether the rows may take the fast path (<see cref="PlainCsvLayout"/>: plain numbers, read on every
/// core) or need CsvHelper; a plain file falls back to CsvHelper at the first line that is not plain, from that
/// line on. Consumers ask for a view, never an engine: every row at once (<see cref="Load"/>), a fold over rows in
/// chunks merged in file order (<see cref="Fold{TState}"/>), or bounded buffers (<see cref="Stream"/>). A file can
/// be passed over any number of times through the same handle; standard input once.
/// </summary>
public sealed partial class TableReader : IDisposable
{
    private const int FingerprintBytes = 4096;

    private readonly TableFile? _file;
    private readonly PlainStart? _plainStart;
    private readonly byte[] _fingerprint;
    private readonly SourceFormat _sourceFormat;
    private CsvRecords? _head;
    private bool _plainDisabled;

    private TableReader(
        DataSource source, CsvFormat format, SourceFormat sourceFormat, TableFile? file, byte[] fileHead, IReadOnlyList<string> columnNames, bool hasHeader, char delimiter, MissingValuePolicy? missing, PlainStart? plainStart)
    {
        Source = source;
        Format = format;
        _sourceFormat = sourceFormat;
        _file = file;
        ColumnNames = columnNames;
        HasHeader = hasHeader;
        Delimiter = delimiter;
        Missing = missing;
        _plainStart = plainStart;
        _fingerprint = fileHead[..(int)Math.Min(fileHead.Length, Math.Max(FingerprintBytes, plainStart?.Offset ?? 0))];
    }

    public DataSource Source { get; }

    /// <summary>How the text is read: decimal mark, NA tokens, lines to skip.</summary>
    public CsvFormat Format { get; }

    /// <summary>Header names, or x1…x(n-1), y when the input has no header.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    public bool HasHeader { get; }

    public int ColumnCount => ColumnNames.Count;

    /// <summary>The delimiter in use, given or detected.</summary>
    public char Delimiter { get; }

    /// <summary>What a row with a missing or unusable cell does; null where the command offers no choice (it is an error).</summary>
    public MissingValuePolicy? Missing { get; }

    /// <summary>Columns read as categories (<see cref="ReadCategories"/>); null when every cell is a number.</summary>
    public CategoryColumns? Categories => CategoryCells?.Columns;

    /// <summary>This table's reading of its category columns: which turned out to be text, which numbers.</summary>
    internal CategoryCells? CategoryCells { get; private set; }

    /// <summary>
    /// Reads the given columns as categories from the next pass on. A column forced to be categorical is read
    /// by CsvHelper throughout (the fast path would read its numbers as numbers).
    /// </summary>
    public void ReadCategories(CategoryColumns categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        CategoryCells = new CategoryCells(categories, ColumnCount, HasHeader);
        _plainDisabled = categories.AnyForced;
    }

    /// <summary>The source's size in bytes, for progress; -1 for standard input and pipes.</summary>
    public long Length => _file?.Length ?? -1;

    /// <summary>The rows, where the source says before they are read (Parquet's footer); null otherwise.</summary>
    internal long? RowCount { get; private init; }

    /// <summary>Whether the rows can be read more than once: a regular file, not standard input or a pipe.</summary>
    public bool CanReadAgain => _file is not null;

    /// <param name="missing">The command's --missing; null for a command without one (a bad cell is an error, and its message offers no --missing).</param>
    public static TableReader Open(DataSource source, CsvFormat format, MissingValuePolicy? missing = MissingValuePolicy.Error)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(format);
        format.Validate();
        var (file, sequential, fileHead, kind) = OpenSource(source);
        try
        {
            if (kind == SourceFormat.Parquet)
            {
                var (names, rows) = ParquetRows.Describe(file!, source.DisplayName);
                return new TableReader(source, format, kind, file, fileHead, names, hasHeader: true, delimiter: ',', missing, plainStart: null) { RowCount = rows };
            }

            // A NUL byte is never CSV text. One in a line that does not end within the head (/dev/zero as data) is
            // refused here, rather than after CsvHelper has buffered gigabytes of one endless record; others are
            // named by line and column as the records are read.
            if (kind == SourceFormat.Text && Array.IndexOf(fileHead, (byte)0) is var nul and >= 0 && Array.IndexOf(fileHead, (byte)'\n', nul) < 0)
            {
                var line = 1 + fileHead.AsSpan(0, nul).Count((byte)'\n');
                throw new LinregException(ExitCode.DataError, string.Create(CultureInfo.InvariantCulture, $"{source.DisplayName}:{line}: this is not CSV text (it contains binary bytes); give a UTF-8 CSV file"));
            }

            var (text, position) = file is null ? (Text(sequential!, kind, format), null) : OpenText(file, kind, format);
            var delimiter = format.Delimiter == CsvFormat.Whitespace ? LineFilter.WhitespaceDelimiter : format.EffectiveDelimiter;
            var (head, first) = CsvRecords.OpenHead(text, delimiter, leaveOpen: false, source.DisplayName, position);
            try
            {
                RejectBinary(source, first, head.LineNumber);
                var hasHeader = format.Header switch
                {
                    HeaderMode.Present => true,
                    HeaderMode.Absent => false,
                    _ => first.Any(cell => !CellText.IsNumberOrMissing(cell, format)),
                };
                var names = hasHeader ? HeaderNames(source, first, head.LineNumber) : PositionalNames(first.Length);

                // The fast path counts lines from the file's first: CsvHelper, having skipped blank lines before
                // the first record, numbers them otherwise, and reads such a file throughout. It reads the file's
                // bytes as they are: compressed or filtered text, and NA tokens that look like numbers, are CsvHelper's.
                var plain = file is not null && kind == SourceFormat.Text && !format.NeedsLineFilter && !format.HasNumericNaToken && head.LineNumber == 1;
                var plainStart = plain ? PlainStart.Find(fileHead, hasHeader) : null;
                var table = new TableReader(source, format, kind, file, fileHead, names, hasHeader, head.Delimiter, missing, plainStart);
                if (plainStart is null)
                {
                    table._head = head.Attach(table);
                }
                else
                {
                    head.Dispose();
                }

                return table;
            }
            catch
            {
                head.Dispose();
                throw;
            }
        }
        catch
        {
            file?.Dispose();
            sequential?.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="source"/>, selects <paramref name="columns"/> and loads every row: the whole of reading a training set.</summary>
    public static Dataset LoadAll(DataSource source, CsvFormat format, ColumnSelection columns, MissingValuePolicy missing, CancellationToken cancellationToken)
    {
        using var table = Open(source, format, missing);
        var (features, target) = table.SelectColumns(columns);
        return table.Load(features, target, cancellationToken, table.WeightColumn(columns));
    }

    /// <summary>Every row, features, target and the weights if any, into one <see cref="Dataset"/>; on every core for a plain file.</summary>
    public Dataset Load(int[] features, int target, CancellationToken cancellationToken, int? weights = null) =>
        TableLoad.Load(this, features, target, weights, cancellationToken);

    /// <summary>
    /// Folds the rows' <paramref name="columns"/> into states, one per chunk of the file (<see cref="Tuning.ChunkBytes"/>, whatever
    /// the number of cores; one for standard input or a file CsvHelper reads), returned in file order: merging them in that order gives the same bits on
    /// any machine.
    /// </summary>
    public (TState[] Chunks, long Dropped) Fold<TState>(int[] columns, Func<TState> create, Action<TState, ReadOnlySpan<double>> add, CancellationToken cancellationToken) =>
        TableFold.Fold(this, columns, create, add, cancellationToken);

    /// <summary>The rows' <paramref name="columns"/> in blocks, parsed on another core while the caller uses the blocks before.</summary>
    /// <param name="kept">Columns whose text each row carries as well (<c>predict --keep</c>); null for none.</param>
    public ReadAheadRows Stream(int[] columns, CancellationToken cancellationToken, int blockRows = ReadAheadRows.DefaultBlockRows, int[]? kept = null) =>
        new(OpenRows(), columns, cancellationToken, blockRows, kept);

    /// <summary>
    /// A pass over a plain file: the file and where its rows start, for the views that read chunks on every core;
    /// null when CsvHelper reads the source.
    /// </summary>
    internal (TableFile File, PlainStart Start)? PlainPass()
    {
        if (_file is null || _plainStart is null || _plainDisabled)
        {
            return null;
        }

        EnsureUnchanged(_file);
        return (_file, _plainStart);
    }

    /// <summary>A pass over the rows from the first, one after another.</summary>
    internal RowCursor OpenRows()
    {
        if (_head is { } head)
        {
            _head = null;
            return new RowCursor(this, head);
        }

        if (_file is null)
        {
            throw new InvalidOperationException($"{Source.DisplayName} can be read only once");
        }

        EnsureUnchanged(_file);
        if (_plainStart is { } start && !_plainDisabled)
        {
            return RowCursor.PlainFrom(this, _file, start.Offset);
        }

        if (_sourceFormat == SourceFormat.Parquet)
        {
            return new RowCursor(this, ParquetRows.From(_file, this));
        }

        var (text, position) = OpenText(_file, _sourceFormat, Format);
        var records = CsvRecords.From(text, this, 0, 1, 0, position);
        if (HasHeader)
        {
            records.SkipRecord();
        }

        return new RowCursor(this, records);
    }

    /// <summary>CsvHelper from byte <paramref name="offset"/> of a plain file on, where the fast path refused a line after <paramref name="rowsBefore"/> rows.</summary>
    internal CsvRecords RecordsFrom(long offset, long rowsBefore)
    {
        // Every row the fast path took had a number in every column it read.
        for (var column = 0; column < ColumnCount && rowsBefore > 0; column++)
        {
            CategoryCells?.SawNumber(column);
        }

        return CsvRecords.From(_file!.StreamFrom(offset), this, offset, _plainStart!.Line + rowsBefore, rowsBefore + (HasHeader ? 1 : 0), sourcePosition: null);
    }

    /// <summary>
    /// Every pass reads the file through the handle the head was read from, so a file replaced by a rename is no
    /// concern; one rewritten in place is, since rows of two files would train one model: its size and first bytes
    /// (the header at least) must still be what they were.
    /// </summary>
    private void EnsureUnchanged(TableFile file)
    {
        var length = file.CurrentLength();
        if (length != file.Length || !Head(file, _fingerprint.Length).AsSpan().SequenceEqual(_fingerprint))
        {
            throw new LinregException(
                ExitCode.DataError,
                string.Create(CultureInfo.InvariantCulture, $"{Source.DisplayName}: the file changed while linreg was reading it ({file.Length} bytes when opened, {length} now); give a file nothing writes to during the run"));
        }
    }

    private static byte[] Head(TableFile file, int length)
    {
        var head = new byte[length];
        return head[..file.Read(0, head)];
    }

    private static string[] HeaderNames(DataSource source, string[] cells, long line)
    {
        var names = new string[cells.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cells.Length; i++)
        {
            var name = cells[i].Trim();
            names[i] = name.Length == 0 ? $"column{i + 1}" : name;
            if (!seen.Add(names[i]))
            {
                throw new LinregException(ExitCode.DataError, $"{source.DisplayName}:{line}:{i + 1}: the header names column '{names[i]}' twice; give each column its own name");
            }
        }

        return names;
    }

    private static void RejectBinary(DataSource source, string[] cells, long line)
    {
        foreach (var cell in cells)
        {
            if (cell.Any(c => c == '\0' || c == '\uFFFD' || (char.IsControl(c) && c != '\t')))
            {
                throw new LinregException(ExitCode.DataError, $"{source.DisplayName}:{line}: this is not CSV text (it contains binary bytes); give a UTF-8 CSV file");
            }
        }
    }

    public void Dispose()
    {
        _head?.Dispose();
        _file?.Dispose();
    }
}
