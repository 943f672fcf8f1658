using System.Globalization;
using System.Text;

namespace Linreg.Core.Data;

/// <summary>How a cell's text reads to a person: what is wrong with it, and whether it could be a number.</summary>
internal static class CellText
{
    public static string DescribeBadCell(ReadOnlySpan<byte> cell)
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
            // Only a number beyond double's range (about ±1.8e308) parses here and was refused.
            return $"has {Quote(text)}, which is {(double.IsFinite(wide) ? "not a finite number" : "outside the float64 range (about ±1.8e308)")}";
        }

        return $"has {Quote(text)}, which is not a number (numbers use '.' for decimals, e.g. 1.5)";
    }

    /// <summary>A header is a first row with a cell that is neither a number nor a way of writing a missing one.</summary>
    public static bool IsNumberOrMissing(string cell) =>
        cell.Trim().Length == 0 || IsMissingWord(cell.Trim()) || IsNonFiniteWord(cell.Trim()) || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Whether a category cell is missing: empty, a missing-value word, or NaN (which pandas reads as missing too).</summary>
    public static bool IsMissing(string cell) => cell.Trim().Length == 0 || IsMissingWord(cell.Trim()) || string.Equals(cell.Trim(), "NAN", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string text)
    {
        var printable = new string([.. text.Take(24).Select(c => char.IsControl(c) ? '?' : c)]);
        return "'" + printable + (text.Length > 24 ? "…'" : "'");
    }

    /// <summary>How Python, R and spreadsheets spell infinities and NaN; .NET's parser accepts only some of them.</summary>
    private static bool IsNonFiniteWord(string text) => text.TrimStart('+', '-').ToUpperInvariant() is "INF" or "INFINITY" or "NAN";

    /// <summary>Common markers of a missing value (R's NA, SQL's NULL, pandas' None).</summary>
    private static bool IsMissingWord(string text) => text.ToUpperInvariant() is "NA" or "N/A" or "NULL" or "NONE";
}
