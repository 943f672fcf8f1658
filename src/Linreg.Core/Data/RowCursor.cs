namespace Linreg.Core.Data;

/// <summary>Rows one after another from an engine that reads the whole source: CsvHelper, or a Parquet file's row groups.</summary>
internal interface IRowSource : IDisposable
{
    /// <summary>Bytes of the source consumed so far, for progress.</summary>
    long BytesRead { get; }

    /// <inheritdoc cref="RowCursor.ReadRow(ReadOnlySpan{int}, Span{double}, ref long, ReadOnlySpan{int}, Span{string})"/>
    bool ReadRow(ReadOnlySpan<int> columns, Span<double> values, ref long dropped, ReadOnlySpan<int> kept, Span<string> cells);
}

/// <summary>
/// One pass over a table's rows, one after another: plain lines of the file while they are plain, then CsvHelper
/// from the first line that is not (it starts there, so nothing is read twice); or CsvHelper throughout.
/// </summary>
internal sealed class RowCursor : IDisposable
{
    private readonly TableReader _table;
    private PlainLineReader? _plain;
    private PlainCsvLayout? _layout;
    private readonly long _plainOffset;
    private long _plainRows;
    private IRowSource? _records;

    public RowCursor(TableReader table, IRowSource records)
    {
        _table = table;
        _records = records;
    }

    private RowCursor(TableReader table, PlainLineReader plain, long offset)
    {
        _table = table;
        _plain = plain;
        _plainOffset = offset;
    }

    /// <summary>Rows from the first data line of a plain file, at byte <paramref name="offset"/>, to its end.</summary>
    public static RowCursor PlainFrom(TableReader table, TableFile file, long offset) =>
        new(table, new PlainLineReader(file, offset, long.MaxValue), offset);

    /// <summary>Bytes of the source consumed so far.</summary>
    public long BytesRead => _plain is not null ? _plainOffset + _plain.Consumed : _records!.BytesRead;

    /// <summary>
    /// Moves to the next row and parses the given columns into <paramref name="values"/>. Returns false at the end.
    /// A row with a cell that is empty, not a number, or not finite in float64 is an error, or, under
    /// <see cref="MissingValuePolicy.Drop"/>, is skipped and counted in <paramref name="dropped"/>.
    /// </summary>
    public bool ReadRow(ReadOnlySpan<int> columns, Span<double> values, ref long dropped) =>
        ReadRow(columns, values, ref dropped, default, default);

    /// <summary>
    /// As <see cref="ReadRow(ReadOnlySpan{int}, Span{double}, ref long)"/>, and copies the text of the
    /// <paramref name="kept"/> columns, verbatim (unquoted), into <paramref name="cells"/>: what <c>predict --keep</c>
    /// prints beside each prediction.
    /// </summary>
    public bool ReadRow(ReadOnlySpan<int> columns, Span<double> values, ref long dropped, ReadOnlySpan<int> kept, Span<string> cells)
    {
        if (_plain is not null)
        {
            if (_layout is null || !columns.SequenceEqual(_layout.Wanted))
            {
                _layout = PlainCsvLayout.For(_table, columns);
            }

            var before = _plain.Consumed;
            var status = _plain.Next(out var line);
            if (status == LineStatus.End)
            {
                return false;
            }

            if (status == LineStatus.Line && _layout.TryParseLine(line, values))
            {
                if (!kept.IsEmpty)
                {
                    PlainCsvLayout.CopyCells(line, _layout.Delimiter, kept, cells);
                }

                _plainRows++;
                return true;
            }

            _records = _table.RecordsFrom(_plainOffset + before, _plainRows);
            _plain = null;
        }

        return _records!.ReadRow(columns, values, ref dropped, kept, cells);
    }

    public void Dispose() => _records?.Dispose();
}
