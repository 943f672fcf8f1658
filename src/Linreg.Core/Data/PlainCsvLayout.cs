using System.Globalization;
using csFastFloat;

namespace Linreg.Core.Data;

/// <summary>
/// The fast path for the CSV that numeric exports almost always are: one record per line, no quotes, every wanted
/// cell a plain number. Lines are read straight from the file's bytes and numbers by <see cref="ShortDecimal"/> or
/// csFastFloat (both correctly rounded to double, as <c>double.Parse</c>).
/// Anything else (a quote, a blank line, a cell that is not a plain finite number, a wrong field count) is not
/// judged here: the line is refused, and the caller hands the input to CsvHelper, which reads every CSV and words
/// every error. So both paths accept the same files and give the same numbers; this one only does it faster.
/// </summary>
/// <param name="Slots">For each column, where its value goes in a row's values, or -1 when it is not wanted.</param>
/// <param name="Wanted">The columns asked for, in the order their values are written.</param>
/// <param name="Decimal">The decimal mark, '.' or ',' (--decimal).</param>
internal sealed record PlainCsvLayout(byte Delimiter, byte Decimal, int[] Slots, int[] Wanted)
{
    private const NumberStyles Number = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static PlainCsvLayout For(TableReader table, ReadOnlySpan<int> wanted) => For(table.Delimiter, table.Format.DecimalMark, table.ColumnCount, wanted);

    public static PlainCsvLayout For(char delimiter, char decimalMark, int columnCount, ReadOnlySpan<int> wanted)
    {
        var slots = Enumerable.Repeat(-1, columnCount).ToArray();
        for (var i = 0; i < wanted.Length; i++)
        {
            slots[wanted[i]] = i;
        }

        return new PlainCsvLayout((byte)delimiter, (byte)decimalMark, slots, wanted.ToArray());
    }

    /// <summary>Parses one line, without its line end, into <paramref name="values"/>; false when it is not plain.</summary>
    public bool TryParseLine(ReadOnlySpan<byte> line, Span<double> values)
    {
        var slots = Slots;
        var at = 0;
        for (var column = 0; column < slots.Length; column++)
        {
            var last = column == slots.Length - 1;
            if (slots[column] >= 0)
            {
                // csFastFloat skips leading white space (a bare CR included, which CsvHelper takes for a line break):
                // a cell must start as a number does, or CsvHelper judges it.
                var cell = line[at..];
                if (cell.IsEmpty || cell[0] is not ((>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'+' or (byte)'.'))
                {
                    return false;
                }

                if (!ShortDecimal.TryRead(cell, Decimal, out var used, out var value)
                    && (!FastDoubleParser.TryParseDouble(cell, out used, out value, Number, Decimal, 0) || used == 0 || !double.IsFinite(value)))
                {
                    return false;
                }

                at += used;

                values[slots[column]] = value;
            }
            else
            {
                // A column nobody reads may hold any text that needs no CSV rules: no quote, and no carriage return,
                // which CsvHelper takes for a line break.
                var rest = line[at..];
                var length = last ? rest.Length : rest.IndexOf(Delimiter);
                if (length < 0 || rest[..length].IndexOfAny(Delimiter, (byte)'"', (byte)'\r') >= 0)
                {
                    return false;
                }

                at += length;
            }

            if (last)
            {
                return at == line.Length;
            }

            if (at >= line.Length || line[at] != Delimiter)
            {
                return false;
            }

            at++;
        }

        return false;
    }

    /// <summary>
    /// The text of the <paramref name="kept"/> columns of a line <see cref="TryParseLine"/> took: such a line holds no
    /// quote, so its cells are exactly what lies between its delimiters.
    /// </summary>
    public static void CopyCells(ReadOnlySpan<byte> line, byte delimiter, ReadOnlySpan<int> kept, Span<string> cells)
    {
        var column = 0;
        var at = 0;
        while (true)
        {
            var length = line[at..].IndexOf(delimiter);
            var cell = length < 0 ? line[at..] : line.Slice(at, length);
            for (var i = 0; i < kept.Length; i++)
            {
                if (kept[i] == column)
                {
                    cells[i] = System.Text.Encoding.UTF8.GetString(cell);
                }
            }

            if (length < 0)
            {
                return;
            }

            at += length + 1;
            column++;
        }
    }
}
