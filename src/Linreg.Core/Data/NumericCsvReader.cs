using System.Globalization;
using System.Text;
using CsvHelper;

namespace Linreg.Core.Data;

/// <summary>
/// Reads a CSV of numbers row by row into caller buffers, and turns every problem into a <see cref="LinregException"/>
/// that names the source, line and column. Training collects the rows; prediction streams them. A file is read on
/// the <see cref="PlainCsvLayout"/> fast path while its lines are plain; from the first line that is not, CsvHelper
/// reads on from that record (it has read only the header so far) and words any error.
/// </summary>
public sealed class NumericCsvReader : IDisposable
{
    private readonly CsvReader _csv;
    private readonly DataSource _source;
    private bool _firstRecordIsPendingData;
    private PlainLineReader? _plain;
    private PlainCsvLayout? _layout;
    private long _plainRows;

    private NumericCsvReader(CsvReader csv, DataSource source, IReadOnlyList<string> columnNames, bool hasHeader, bool firstRecordIsData, PlainStart? plainStart)
    {
        _csv = csv;
        _source = source;
        ColumnNames = columnNames;
        HasHeader = hasHeader;
        _firstRecordIsPendingData = firstRecordIsData;
        PlainStart = plainStart;
        if (plainStart is not null)
        {
            _plain = plainStart.OpenLines(source.Path, 0, long.MaxValue);
        }
    }

    /// <summary>Header names, or x1…x(n-1), y when the input has no header.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    public bool HasHeader { get; }

    public int ColumnCount => ColumnNames.Count;

    /// <summary>Bytes of input consumed so far.</summary>
    public long BytesRead => _plain is not null ? PlainStart!.Offset + _plain.Consumed : _csv.ByteOffset;

    /// <summary>The 1-based input line where the current row starts.</summary>
    public long LineNumber => _plain is not null ? PlainStart!.Line + _plainRows - 1 : _csv.LineNumber;

    /// <summary>Where the data rows start in the file when they may take the fast path; null for standard input and unusual files.</summary>
    internal PlainStart? PlainStart { get; }

    /// <summary>The delimiter in use, given or detected.</summary>
    public char Delimiter => _csv.Separator;

    public DataSource Source => _source;

    public static NumericCsvReader Open(DataSource source, CsvFormat format)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(format);
        var options = new CsvReaderOptions
        {
            Separator = format.Delimiter,
            HasHeader = false,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            FormatProvider = CultureInfo.InvariantCulture,
        };

        var stream = source.Open();
        CsvReader csv;
        try
        {
            csv = CsvReader.Create(stream, options, leaveOpen: source.IsStandardInput);
        }
        catch
        {
            if (!source.IsStandardInput)
            {
                stream.Dispose();
            }

            throw;
        }

        try
        {
            if (!ReadRecord(csv, source))
            {
                throw new LinregException(ExitCode.DataError, $"{source.DisplayName}: no data (the input is empty)");
            }

            var first = new string[csv.FieldCount];
            for (var i = 0; i < first.Length; i++)
            {
                first[i] = csv.GetString(i);
            }

            RejectBinary(source, first, csv.LineNumber);
            var hasHeader = format.Header switch
            {
                HeaderMode.Present => true,
                HeaderMode.Absent => false,
                _ => first.Any(cell => !IsNumberOrMissing(cell)),
            };
            var names = hasHeader ? HeaderNames(source, first) : PositionalNames(first.Length);
            var plainStart = source.IsStandardInput ? null : PlainStart.Find(source.Path, hasHeader);
            return new NumericCsvReader(csv, source, names, hasHeader, firstRecordIsData: !hasHeader, plainStart);
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>Positional column names for header-less input: x1…x(n-1) for the features and y for the last column.</summary>
    public static IReadOnlyList<string> PositionalNames(int count) =>
        count == 1 ? ["y"] : [.. Enumerable.Range(1, count - 1).Select(i => $"x{i}"), "y"];

    /// <summary>Resolves a user's column reference (a header name, else a 0-based index) to an index.</summary>
    public int ResolveColumn(string reference, string optionName)
    {
        ArgumentNullException.ThrowIfNull(reference);
        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (ColumnNames[i] == reference)
            {
                return i;
            }
        }

        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (string.Equals(ColumnNames[i], reference.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < ColumnNames.Count)
        {
            return index;
        }

        throw new LinregException(
            ExitCode.DataError,
            $"{_source.DisplayName}: unknown column '{reference}' for {optionName}; the columns are {DescribeColumns()} (names, or 0-based indices 0-{ColumnNames.Count - 1})");
    }

    public string DescribeColumns() => string.Join(", ", ColumnNames);

    /// <summary>
    /// Moves to the next row and parses the given columns into <paramref name="values"/>. Returns false at the end.
    /// A row with a cell that is empty, not a number, or not finite in float32 is an error, or, under
    /// <see cref="MissingValuePolicy.Drop"/>, is skipped and counted in <paramref name="dropped"/>.
    /// </summary>
    public bool ReadRow(ReadOnlySpan<int> columns, Span<float> values, MissingValuePolicy missing, ref long dropped)
    {
        if (_plain is not null)
        {
            if (_layout is null || !columns.SequenceEqual(_layout.Wanted))
            {
                _layout = PlainCsvLayout.For(Delimiter, ColumnCount, columns);
            }

            LineStatus status;
            ReadOnlySpan<byte> line;
            try
            {
                status = _plain.Next(out line);
            }
            catch (IOException e)
            {
                throw new LinregException(ExitCode.DataError, $"{_source.DisplayName}: cannot be read ({e.Message})", e);
            }

            if (status == LineStatus.End)
            {
                return false;
            }

            if (status == LineStatus.Line && _layout.TryParseLine(line, values))
            {
                _plainRows++;
                return true;
            }

            LeavePlainPath();
        }

        while (true)
        {
            if (_firstRecordIsPendingData)
            {
                _firstRecordIsPendingData = false;
            }
            else if (!ReadRecord(_csv, _source))
            {
                return false;
            }

            if (_csv.FieldCount != ColumnCount)
            {
                throw new LinregException(
                    ExitCode.DataError,
                    $"{_source.DisplayName}:{LineNumber}: this row has {_csv.FieldCount} field(s) but the {(HasHeader ? "header" : "first row")} has {ColumnCount}; check the delimiter and quoting (--delimiter forces one)");
            }

            if (TryParseCells(columns, values, out var problemColumn, out var problem))
            {
                return true;
            }

            if (missing == MissingValuePolicy.Drop)
            {
                dropped++;
                continue;
            }

            throw new LinregException(
                ExitCode.DataError,
                $"{_source.DisplayName}:{LineNumber}:{problemColumn + 1}: column '{ColumnNames[problemColumn]}' {problem}; fix the value, or pass --missing drop to skip such rows");
        }
    }

    /// <summary>CsvHelper takes over at the record the fast path refused: it skips the rows the fast path read.</summary>
    private void LeavePlainPath()
    {
        _plain!.Dispose();
        _plain = null;
        var skip = _plainRows;
        if (skip > 0 && _firstRecordIsPendingData)
        {
            _firstRecordIsPendingData = false;
            skip--;
        }

        for (long i = 0; i < skip; i++)
        {
            _ = ReadRecord(_csv, _source);
        }
    }

    private bool TryParseCells(ReadOnlySpan<int> columns, Span<float> values, out int problemColumn, out string problem)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            // CsvHelper's own parser (invariant culture, as configured) reads 119 MB of floats in 0.35 s where
            // float.TryParse on the same spans takes 1.0 s. It also takes ',' as a thousands separator, which would
            // read a decimal comma ("1,5" with -d ';') as 15: such a cell is refused instead.
            if (_csv.TryParse<float>(columns[i], out var value) && float.IsFinite(value) && !_csv.GetSpan(columns[i]).Contains((byte)','))
            {
                values[i] = value;
                continue;
            }

            problemColumn = columns[i];
            problem = DescribeBadCell(_csv.GetSpan(columns[i]));
            return false;
        }

        problemColumn = -1;
        problem = string.Empty;
        return true;
    }

    private static string DescribeBadCell(ReadOnlySpan<byte> cell)
    {
        var text = Encoding.UTF8.GetString(cell).Trim();
        if (text.Length == 0)
        {
            return "is empty";
        }

        if (IsMissingWord(text))
        {
            return $"is missing ({Quote(text)})";
        }

        if (IsNonFiniteWord(text))
        {
            return $"has {Quote(text)}, which is not a finite number";
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var wide))
        {
            return double.IsFinite(wide)
                ? $"has {Quote(text)}, which is outside the float32 range (about ±3.4e38)"
                : $"has {Quote(text)}, which is not a finite number";
        }

        return $"has {Quote(text)}, which is not a number (numbers use '.' for decimals, e.g. 1.5)";
    }

    private static string Quote(string text)
    {
        var printable = new string([.. text.Take(24).Select(c => char.IsControl(c) ? '?' : c)]);
        return "'" + printable + (text.Length > 24 ? "…'" : "'");
    }

    private static bool IsNumberOrMissing(string cell) =>
        cell.Trim().Length == 0 || IsMissingWord(cell.Trim()) || IsNonFiniteWord(cell.Trim()) || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>How Python, R and spreadsheets spell infinities and NaN; .NET's parser accepts only some of them.</summary>
    private static bool IsNonFiniteWord(string text) => text.TrimStart('+', '-').ToUpperInvariant() is "INF" or "INFINITY" or "NAN";

    /// <summary>Common markers of a missing value (R's NA, SQL's NULL, pandas' None).</summary>
    private static bool IsMissingWord(string text) => text.ToUpperInvariant() is "NA" or "N/A" or "NULL" or "NONE";

    private static string[] HeaderNames(DataSource source, string[] cells)
    {
        var names = new string[cells.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cells.Length; i++)
        {
            var name = cells[i].Trim();
            names[i] = name.Length == 0 ? $"column{i + 1}" : name;
            if (!seen.Add(names[i]))
            {
                throw new LinregException(ExitCode.DataError, $"{source.DisplayName}:1:{i + 1}: the header names column '{names[i]}' twice; give each column its own name");
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

    private static bool ReadRecord(CsvReader csv, DataSource source)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            var line = e.LineNumber > 0 ? $":{e.LineNumber}" : string.Empty;
            throw new LinregException(ExitCode.DataError, $"{source.DisplayName}{line}: malformed CSV ({e.Message.TrimEnd('.')}); check for an unclosed quote", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinregException(ExitCode.DataError, $"{source.DisplayName}: cannot be read ({e.Message})", e);
        }
    }

    public void Dispose()
    {
        _plain?.Dispose();
        _csv.Dispose();
    }
}
