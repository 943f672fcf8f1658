using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Linreg.Core.Data;

/// <summary>
/// A Parquet file's rows, one row group in memory at a time and of it only the columns asked for: numeric columns
/// (integers, floats, decimals; booleans as 0 and 1) become doubles, string columns go through
/// <see cref="CellText"/> as CSV cells do, and a null is a missing value. Errors name the row (1-based, as pandas'
/// index + 1) and the column, and offer the same remedies as CSV's.
/// </summary>
internal sealed class ParquetRows : IRowSource
{
    private readonly TableReader _table;
    private readonly ParquetReader _reader;
    private readonly Field[] _fields;
    private readonly long _totalRows;
    private readonly Dictionary<int, Column> _columns = [];
    private int _group = -1;
    private long _groupRows;
    private long _rowInGroup;
    private long _row;

    private ParquetRows(TableReader table, ParquetReader reader)
    {
        _table = table;
        _reader = reader;
        _fields = [.. reader.Schema.Fields];
        _totalRows = reader.RowGroups.Sum(g => g.RowCount);
    }

    /// <summary>The column names of a Parquet file (its top-level fields) and its rows, from its footer.</summary>
    public static (string[] Names, long Rows) Describe(TableFile file, string displayName)
    {
        var reader = Open(file, displayName);
        try
        {
            return ([.. reader.Schema.Fields.Select(f => f.Name)], reader.RowGroups.Sum(g => g.RowCount));
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public static ParquetRows From(TableFile file, TableReader table) => new(table, Open(file, table.Source.DisplayName));

    public long BytesRead => _totalRows == 0 ? 0 : (long)((double)_row / _totalRows * (_table.Length > 0 ? _table.Length : 0));

    public bool ReadRow(ReadOnlySpan<int> columns, Span<double> values, ref long dropped, ReadOnlySpan<int> kept, Span<string> cells)
    {
        while (true)
        {
            if (_rowInGroup == _groupRows)
            {
                if (++_group >= _reader.RowGroupCount)
                {
                    return false;
                }

                _columns.Clear();
                _groupRows = _reader.RowGroups[_group].RowCount;
                _rowInGroup = 0;
                continue;
            }

            var at = (int)_rowInGroup++;
            _row++;
            string? problem = null;
            var problemColumn = -1;
            var isText = false;
            for (var i = 0; i < columns.Length && problem is null; i++)
            {
                var column = Load(columns[i]);
                if (column.Texts is { } texts)
                {
                    if (texts[at] is not { } text)
                    {
                        problem = "is missing (null)";
                    }
                    else if (_table.ReadTextCell(columns[i], text, out values[i], out var cellProblem, out isText) is var outcome && outcome == CellOutcome.Value)
                    {
                        continue;
                    }
                    else
                    {
                        problem = cellProblem;
                        if (outcome == CellOutcome.UnseenLevel)
                        {
                            throw new LinregException(
                                ExitCode.DataError,
                                string.Create(CultureInfo.InvariantCulture, $"{_table.Source.DisplayName}: row {_row} (row group {_group + 1}), column '{_table.ColumnNames[columns[i]]}' {problem}"));
                        }
                    }
                }
                else if (column.Missing is { } missing && missing[at])
                {
                    problem = "is missing (null)";
                }
                else if (double.IsNaN(column.Values![at]))
                {
                    problem = "is missing (NaN)"; // pandas' missing float, where the writer kept it as a value
                }
                else if (!double.IsFinite(column.Values![at]))
                {
                    problem = $"has {column.Values[at].ToString(CultureInfo.InvariantCulture)}, which is not a finite number";
                }
                else
                {
                    values[i] = column.Values[at];
                    continue;
                }

                problemColumn = columns[i];
            }

            if (problem is null)
            {
                for (var i = 0; i < kept.Length; i++)
                {
                    cells[i] = CellOf(Load(kept[i]), at);
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
                string.Create(CultureInfo.InvariantCulture, $"{_table.Source.DisplayName}: row {_row} (row group {_group + 1}), column '{_table.ColumnNames[problemColumn]}' {problem}; {CellText.Remedy(isText, _table.Missing)}"));
        }
    }

    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static ParquetReader Open(TableFile file, string displayName)
    {
        try
        {
            return ParquetReader.CreateAsync(file.SeekableStream(), leaveStreamOpen: false).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException or ParquetException or IndexOutOfRangeException)
        {
            throw new LinregException(ExitCode.DataError, $"{displayName}: not a readable Parquet file ({e.Message}); check that it was written completely", e);
        }
    }

    /// <summary>A column of the current row group, read the first time a row asks for it.</summary>
    private Column Load(int index)
    {
        if (_columns.TryGetValue(index, out var column))
        {
            return column;
        }

        var name = _table.ColumnNames[index];
        if (_fields[index] is not DataField field || field.IsArray)
        {
            throw new LinregException(ExitCode.DataError, $"{_table.Source.DisplayName}: column '{name}' is a nested Parquet column ({_fields[index].SchemaType.ToString().ToLowerInvariant()}), not numbers; leave it out with --features");
        }

        var group = _reader.RowGroups[_group];
        var rows = (int)group.RowCount;
        try
        {
            // Parquet.Net 6 types a string column as ReadOnlyMemory<char>; it reads as strings all the same.
            column = field.ClrType == typeof(ReadOnlyMemory<char>) ? Texts(group, field, rows) : Type.GetTypeCode(field.ClrType) switch
            {
                TypeCode.Double => Numbers<double>(group, field, rows, v => v),
                TypeCode.Single => Numbers<float>(group, field, rows, v => v),
                TypeCode.Int64 => Numbers<long>(group, field, rows, v => v),
                TypeCode.Int32 => Numbers<int>(group, field, rows, v => v),
                TypeCode.Int16 => Numbers<short>(group, field, rows, v => v),
                TypeCode.SByte => Numbers<sbyte>(group, field, rows, v => v),
                TypeCode.UInt64 => Numbers<ulong>(group, field, rows, v => v),
                TypeCode.UInt32 => Numbers<uint>(group, field, rows, v => v),
                TypeCode.UInt16 => Numbers<ushort>(group, field, rows, v => v),
                TypeCode.Byte => Numbers<byte>(group, field, rows, v => v),
                TypeCode.Decimal => Numbers<decimal>(group, field, rows, v => (double)v),
                TypeCode.Boolean => Numbers<bool>(group, field, rows, v => v ? 1 : 0),
                TypeCode.String => Texts(group, field, rows),
                _ => throw new LinregException(ExitCode.DataError, $"{_table.Source.DisplayName}: column '{name}' is a Parquet {field.ClrType.Name} column, not numbers; leave it out with --features"),
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ParquetException or IndexOutOfRangeException or ArgumentException)
        {
            throw new LinregException(ExitCode.DataError, $"{_table.Source.DisplayName}: column '{name}' of row group {_group + 1} cannot be read ({e.Message}); check that the file was written completely", e);
        }

        if (column.Texts is null && _table.CategoryCells?.ReadsAsText(index) == true)
        {
            column = AsText(column);
        }

        _columns[index] = column;
        return column;
    }

    /// <summary>A cell as text, for predict --keep: a string as stored, a number as it round-trips, a null as empty.</summary>
    private static string CellOf(Column column, int at) =>
        column.Texts is { } texts ? texts[at] ?? string.Empty
        : column.Missing?[at] == true ? string.Empty
        : column.Values![at].ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A numeric column read as categories (--categorical year): its numbers as the text a CSV file would hold,
    /// so a Parquet year and a CSV year are the same levels.
    /// </summary>
    private static Column AsText(Column numbers) =>
        new(null, null, [.. numbers.Values!.Select((v, i) => numbers.Missing?[i] == true ? null : v.ToString("R", CultureInfo.InvariantCulture))]);

    private static Column Numbers<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, double> toDouble)
        where T : struct
    {
        var values = new double[rows];
        if (!field.IsNullable)
        {
            var raw = new T[rows];
            group.ReadAsync<T>(field, raw.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                values[i] = toDouble(raw[i]);
            }

            return new Column(values, null, null);
        }

        var nullable = new T?[rows];
        var missing = new bool[rows];
        group.ReadAsync<T>(field, nullable.AsMemory()).AsTask().GetAwaiter().GetResult();
        for (var i = 0; i < rows; i++)
        {
            missing[i] = nullable[i] is null;
            values[i] = nullable[i] is { } v ? toDouble(v) : 0;
        }

        return new Column(values, missing, null);
    }

    private static Column Texts(ParquetRowGroupReader group, DataField field, int rows)
    {
        var texts = new string?[rows];
        group.ReadAsync(field, texts.AsMemory()!).AsTask().GetAwaiter().GetResult();
        return new Column(null, null, texts);
    }

    private sealed record Column(double[]? Values, bool[]? Missing, string?[]? Texts);
}
