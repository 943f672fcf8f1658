namespace Linreg.Core.Data;

public enum HeaderMode
{
    /// <summary>The first row is a header when any of its cells is not a number.</summary>
    Auto,
    Present,
    Absent,
}

public enum MissingValuePolicy
{
    /// <summary>A missing or unusable cell stops the run with its file, line and column.</summary>
    Error,

    /// <summary>Rows with a missing or unusable cell are skipped and counted.</summary>
    Drop,
}

/// <summary>
/// How to read the CSV text. A null delimiter is detected among <c>, ; tab |</c>; <see cref="Whitespace"/> (' ')
/// means runs of spaces and tabs, as R's read.table and pandas' sep=r"\s+" read them.
/// </summary>
/// <param name="DecimalMark">The decimal mark in numbers: '.' or ','. With ',' the delimiter defaults to ';'.</param>
/// <param name="SkipRows">Physical lines skipped before the header (a title, metadata).</param>
/// <param name="Comment">Text from this character to the end of a line is ignored (outside quotes); a line that is only a comment is skipped.</param>
/// <param name="NaValues">The cell texts that mean a missing value; null for <see cref="DefaultNaValues"/>. An empty cell is always missing.</param>
public sealed record CsvFormat(
    char? Delimiter = null, HeaderMode Header = HeaderMode.Auto, char DecimalMark = '.', int SkipRows = 0, char? Comment = null, IReadOnlyList<string>? NaValues = null)
{
    public const char Whitespace = ' ';

    public static readonly IReadOnlyList<char> SupportedDelimiters = [',', ';', '\t', '|', Whitespace];

    /// <summary>R's NA, pandas' NaN and None, SQL's NULL, spreadsheets' N/A, and the '?' of the UCI repository's files.</summary>
    public static readonly IReadOnlyList<string> DefaultNaValues = ["NA", "N/A", "NaN", "null", "None", "?"];

    public static CsvFormat Default { get; } = new();

    /// <summary>The delimiter the text is read with: the given one, ';' for a decimal comma, or null to detect it.</summary>
    public char? EffectiveDelimiter => Delimiter ?? (DecimalMark == ',' ? ';' : null);

    /// <summary>Whether the text needs <see cref="LineFilter"/> before CsvHelper: lines to skip, comments, runs of white space.</summary>
    internal bool NeedsLineFilter => SkipRows > 0 || Comment is not null || Delimiter == Whitespace;

    /// <summary>Settings that contradict each other or cannot be read are usage errors, found before any input is read.</summary>
    public void Validate()
    {
        if (DecimalMark is not ('.' or ','))
        {
            throw new LinregException(ExitCode.UsageError, $"--decimal must be . or , (got '{DecimalMark}')");
        }

        if (DecimalMark == ',' && Delimiter == ',')
        {
            throw new LinregException(ExitCode.UsageError, "--decimal , needs a delimiter other than ','; give -d ';' (the European CSV), -d tab or -d space");
        }

        if (SkipRows < 0)
        {
            throw new LinregException(ExitCode.UsageError, $"--skip-rows must be 0 or more (got {SkipRows})");
        }

        if (Comment is { } c && (c == '"' || c == DecimalMark || c == EffectiveDelimiter || char.IsWhiteSpace(c) || char.IsAsciiDigit(c) || c is '-' or '+'))
        {
            throw new LinregException(ExitCode.UsageError, $"--comment '{c}' would cut numbers, quotes or fields; give a character the data does not use otherwise, e.g. '#'");
        }
    }

    /// <summary>Whether a cell's text (already trimmed) marks a missing value. Case is ignored: NA, na and Na are one token.</summary>
    internal bool IsNaToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return true;
        }

        foreach (var token in NaValues ?? DefaultNaValues)
        {
            if (text.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether some NA token could be read as a number by the fast path (e.g. --na-values -999): then CsvHelper reads every line.</summary>
    internal bool HasNumericNaToken
    {
        get
        {
            foreach (var token in NaValues ?? DefaultNaValues)
            {
                if (token.Length > 0 && (char.IsAsciiDigit(token[0]) || token[0] is '-' or '+' or '.'))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>
/// Which columns to use. Each entry is a header name or a 0-based index. A null target means the last
/// column; null features mean every column but the target (and the weights). Null weights weigh every row 1.
/// </summary>
public sealed record ColumnSelection(string? Target = null, IReadOnlyList<string>? Features = null, string? Weights = null)
{
    public static ColumnSelection Default { get; } = new();
}
