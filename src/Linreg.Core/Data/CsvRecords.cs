using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;

namespace Linreg.Core.Data;

/// <summary>
/// The general CSV engine: CsvHelper 34 reads records from a stream that starts at a record boundary (the file's
/// start, or the first line the fast path refused), and every problem becomes one <see cref="LinregException"/>
/// naming the source, line and column as the file numbers them.
/// </summary>
internal sealed partial class CsvRecords : IRowSource
{
    private readonly CsvReader _csv;
    private readonly long _lineBase;
    private readonly long _recordBase;
    private readonly long _byteBase;
    private readonly Func<long>? _sourcePosition;
    private TableReader _table;
    private bool _firstRecordIsPendingData;
    private bool? _plainDecimal;

    private CsvRecords(CsvReader csv, TableReader table, long lineBase, long recordBase, long byteBase, Func<long>? sourcePosition)
    {
        _sourcePosition = sourcePosition;
        _csv = csv;
        _table = table;
        _lineBase = lineBase;
        _recordBase = recordBase;
        _byteBase = byteBase;
    }

    /// <summary>The delimiter in use, given or detected.</summary>
    public char Delimiter => _csv.Separator;

    /// <summary>The 1-based line of the file where the current record starts.</summary>
    public long LineNumber => _lineBase + _csv.LineNumber;

    /// <summary>Bytes of the source consumed so far: of the file itself where CsvHelper reads it decompressed or filtered.</summary>
    public long BytesRead => _sourcePosition?.Invoke() ?? _byteBase + _csv.ByteOffset;

    /// <summary>
    /// Reads the first record, whatever it holds (the header, or the first row). Until <see cref="Attach"/>, errors
    /// name <paramref name="sourceName"/> only.
    /// </summary>
    /// <param name="sourcePosition">The source's bytes read so far, where <paramref name="stream"/> is its decompressed or filtered text; null when it is the source.</param>
    public static (CsvRecords Records, string[] Cells) OpenHead(Stream stream, char? delimiter, bool leaveOpen, string sourceName, Func<long>? sourcePosition = null)
    {
        var records = new CsvRecords(CreateReader(stream, delimiter, leaveOpen, sourceName, 1), null!, 0, 0, 0, sourcePosition);
        try
        {
            if (!records.ReadRecord(sourceName))
            {
                throw new LinregException(ExitCode.DataError, $"{sourceName}: no data (the input is empty)");
            }

            var cells = new string[records._csv.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = records._csv.GetString(i);
            }

            return (records, cells);
        }
        catch
        {
            records.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The records of <paramref name="text"/>, which starts at byte <paramref name="offset"/> of the source's text,
    /// numbered as the file numbers them: the first is on line <paramref name="line"/>, after <paramref name="recordsBefore"/> records.
    /// </summary>
    public static CsvRecords From(Stream text, TableReader table, long offset, long line, long recordsBefore, Func<long>? sourcePosition) =>
        new(CreateReader(text, table.Delimiter, leaveOpen: false, table.Source.DisplayName, line), table, line - 1, recordsBefore, offset, sourcePosition);

    /// <summary>The head's reader goes on reading the table's rows; the record it read is a row when there is no header.</summary>
    public CsvRecords Attach(TableReader table)
    {
        _table = table;
        _firstRecordIsPendingData = !table.HasHeader;
        return this;
    }

    /// <summary>Passes over a record: the header, on a second pass over a file.</summary>
    public void SkipRecord() => _ = ReadRecord(_table.Source.DisplayName);

    /// <summary>
    /// Moves to the next row and parses the given columns into <paramref name="values"/>. Returns false at the end.
    /// A row with a cell that is empty, not a number, or not finite in float64 is an error, or, under
    /// <see cref="MissingValuePolicy.Drop"/>, is skipped and counted in <paramref name="dropped"/>.
    /// </summary>
    public bool ReadRow(ReadOnlySpan<int> columns, Span<double> values, ref long dropped) =>
        ReadRow(columns, values, ref dropped, default, default);

    /// <summary>As the other overload, and copies the <paramref name="kept"/> columns' text, unquoted, into <paramref name="cells"/>.</summary>
    public bool ReadRow(ReadOnlySpan<int> columns, Span<double> values, ref long dropped, ReadOnlySpan<int> kept, Span<string> cells)
    {
        while (true)
        {
            if (_firstRecordIsPendingData)
            {
                _firstRecordIsPendingData = false;
            }
            else if (!ReadRecord(_table.Source.DisplayName))
            {
                return false;
            }

            if (_csv.FieldCount != _table.ColumnCount)
            {
                throw new LinregException(
                    ExitCode.DataError,
                    $"{_table.Source.DisplayName}:{LineNumber}: this row has {_csv.FieldCount} field(s) but the {(_table.HasHeader ? "header" : "first row")} has {_table.ColumnCount}; check the delimiter and quoting (--delimiter forces one)");
            }

            if (TryParseCells(columns, values, out var problemColumn, out var problem, out var isText))
            {
                for (var i = 0; i < kept.Length; i++)
                {
                    cells[i] = _csv.GetString(kept[i]);
                }

                return true;
            }

            if (_table.Missing == MissingValuePolicy.Drop)
            {
                dropped++;
                continue;
            }

            throw new LinregException(
                ExitCode.DataError,
                $"{_table.Source.DisplayName}:{LineNumber}:{problemColumn + 1}: column '{_table.ColumnNames[problemColumn]}' {problem}; {CellText.Remedy(isText, _table.Missing)}");
        }
    }

    /// <param name="firstLine">The file's line number of the stream's first line, for the message of a line too long to read.</param>
    private static CsvReader CreateReader(Stream stream, char? delimiter, bool leaveOpen, string sourceName, long firstLine)
    {
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        try
        {
            return CsvReader.Create(new LineBoundStream(stream, sourceName, firstLine, leaveOpen), options, leaveOpen: false);
        }
        catch
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw;
        }
    }

    private bool TryParseCells(ReadOnlySpan<int> columns, Span<double> values, out int problemColumn, out string problem, out bool isText)
    {
        var format = _table.Format;
        var plainDecimal = _plainDecimal ??= format.DecimalMark == '.' && !format.HasNumericNaToken;
        for (var i = 0; i < columns.Length; i++)
        {
            // CsvHelper's own parser (invariant culture, as configured) reads 119 MB of floats in 0.35 s where
            // float.TryParse on the same spans takes 1.0 s. It also takes ',' as a thousands separator, which would
            // read a decimal comma ("1,5" with -d ';') as 15: such a cell is refused instead. A decimal comma, NA
            // tokens that look like numbers (--na-values -999) and category columns go through the table's reading
            // of a text cell.
            var category = _table.CategoryCells?.ReadsAsText(columns[i]) == true;
            if (!category && plainDecimal && _csv.TryParse<double>(columns[i], out var value) && double.IsFinite(value) && !_csv.GetSpan(columns[i]).Contains((byte)','))
            {
                values[i] = value;
                _table.CategoryCells?.SawNumber(columns[i]);
                continue;
            }

            switch (_table.ReadTextCell(columns[i], _csv.GetString(columns[i]), out values[i], out problem, out isText))
            {
                case CellOutcome.Value:
                    continue;
                case CellOutcome.UnseenLevel:
                    throw new LinregException(
                        ExitCode.DataError,
                        $"{_table.Source.DisplayName}:{LineNumber}:{columns[i] + 1}: column '{_table.ColumnNames[columns[i]]}' {problem}");
            }

            problemColumn = columns[i];
            return false;
        }

        problemColumn = -1;
        problem = string.Empty;
        isText = false;
        return true;
    }

    private bool ReadRecord(string sourceName)
    {
        try
        {
            return _csv.Read();
        }
        catch (CsvFormatException e)
        {
            var line = e.LineNumber > 0 ? $":{_lineBase + e.LineNumber}" : string.Empty;
            throw new LinregException(ExitCode.DataError, $"{sourceName}{line}: malformed CSV ({Renumber(e.Message).TrimEnd('.')}); check for an unclosed quote", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinregException(ExitCode.DataError, $"{sourceName}: cannot be read ({e.Message})", e);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
        {
            throw new LinregException(ExitCode.DataError, $"{sourceName}{(LineNumber > 0 ? $" after line {LineNumber}" : string.Empty)}: cannot be decompressed ({e.Message.TrimEnd('.')}); the file is damaged or was cut short", e);
        }
    }

    /// <summary>CsvHelper counts records, lines and bytes from where it started; the file counts from its start.</summary>
    private string Renumber(string message) =>
        _lineBase == 0 && _recordBase == 0 && _byteBase == 0
            ? message
            : Positions().Replace(message, m => m.Groups["record"].Success
                ? string.Create(CultureInfo.InvariantCulture, $"record {_recordBase + Number(m.Groups["record"])} (line {_lineBase + Number(m.Groups["line"])})")
                : string.Create(CultureInfo.InvariantCulture, $"byte offset {_byteBase + Number(m.Groups["byte"])}"));

    private static long Number(Group group) => long.Parse(group.ValueSpan, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"record (?<record>\d+) \(line (?<line>\d+)\)|byte offset (?<byte>\d+)")]
    private static partial Regex Positions();

    public void Dispose() => _csv.Dispose();
}
