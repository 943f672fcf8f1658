using System.Globalization;
using System.Text;

namespace Linreg.Core.Data;

/// <summary>
/// How a cell's text reads to a person: whether it is a number (in the format's decimal mark), a missing value (an
/// NA token), or neither, and what to say about it. The one point where a text cell becomes a value, for every
/// source: CsvHelper's cells that its fast parser refused, and Parquet's string columns.
/// </summary>
internal static class CellText
{
    /// <summary>A number as the format writes it: '.' or ',' for decimals, no thousands separators, finite in float64.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, CsvFormat format, out double value) =>
        TryParseAny(text, format, out value) && double.IsFinite(value);

    private static bool TryParseAny(ReadOnlySpan<char> text, CsvFormat format, out double value)
    {
        text = text.Trim();
        value = 0;
        if (text.IsEmpty || (format.HasNumericNaToken && format.IsNaToken(text)))
        {
            return false;
        }

        // Invariant culture reads '.' only; a decimal comma becomes '.', and a '.' in such a file is a thousands
        // separator (1.234,5), which is refused rather than guessed at.
        if (format.DecimalMark == ',')
        {
            if (text.Contains('.') || text.Length > 64)
            {
                return false;
            }

            Span<char> copy = stackalloc char[text.Length];
            text.CopyTo(copy);
            copy.Replace(',', '.');
            return double.TryParse(copy, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>What is wrong with a cell that is not a number, and whether it is text (a column of words rather than a missing or out-of-range value).</summary>
    public static string DescribeBadCell(ReadOnlySpan<byte> cell, CsvFormat format, out bool isText) =>
        DescribeBadCell(Encoding.UTF8.GetString(cell), format, out isText);

    public static string DescribeBadCell(string cell, CsvFormat format, out bool isText)
    {
        var text = cell.Trim();
        isText = false;
        if (text.Length == 0)
        {
            return "is empty";
        }

        if (format.IsNaToken(text))
        {
            return $"is missing ({Quote(text)})";
        }

        if (IsNonFiniteWord(text))
        {
            return $"has {Quote(text)}, which is not a finite number";
        }

        var number = format.DecimalMark == ',' ? text.Replace(',', '.') : text;
        if ((format.DecimalMark == '.' || !text.Contains('.')) && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var wide))
        {
            // Only a number beyond double's range (about ±1.8e308) parses here and was refused.
            return $"has {Quote(text)}, which is {(double.IsFinite(wide) ? "not a finite number" : "outside the float64 range (about ±1.8e308)")}";
        }

        isText = true;
        if (format.DecimalMark == '.' && double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return $"has {Quote(text)}, which is not a number (numbers use '.' for decimals, e.g. 1.5; --decimal , reads a decimal comma)";
        }

        return format.DecimalMark == ','
            ? $"has {Quote(text)}, which is not a number (--decimal , was given: numbers use ',' for decimals, e.g. 1,5, and no thousands separator)"
            : $"has {Quote(text)}, which is not a number (numbers use '.' for decimals, e.g. 1.5)";
    }

    /// <summary>What to do about a bad cell: a text column is left out or made categories; a missing value is fixed or its row dropped.</summary>
    public static string Remedy(bool isText, MissingValuePolicy? missing) =>
        isText ? "leave the column out with --features, or read it as categories with --categorical"
        : missing is null ? "fix the value"
        : "fix the value, or pass --missing drop to skip such rows";

    /// <summary>A header is a first row with a cell that is neither a number nor a way of writing a missing one.</summary>
    public static bool IsNumberOrMissing(string cell, CsvFormat format) =>
        cell.Trim().Length == 0 || format.IsNaToken(cell.Trim()) || IsNonFiniteWord(cell.Trim()) || TryParseAny(cell, format, out _);

    /// <summary>Whether a category cell is missing: empty, or one of the format's NA tokens.</summary>
    public static bool IsMissing(string cell, CsvFormat format) => cell.Trim().Length == 0 || format.IsNaToken(cell.Trim());

    private static string Quote(string text)
    {
        var printable = new string([.. text.Take(24).Select(c => char.IsControl(c) ? '?' : c)]);
        return "'" + printable + (text.Length > 24 ? "…'" : "'");
    }

    /// <summary>How Python, R and spreadsheets spell infinities and NaN; .NET's parser accepts only some of them.</summary>
    private static bool IsNonFiniteWord(string text) => text.TrimStart('+', '-').ToUpperInvariant() is "INF" or "INFINITY" or "NAN";
}
