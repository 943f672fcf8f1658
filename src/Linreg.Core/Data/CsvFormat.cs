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

/// <summary>How to read the CSV text. A null delimiter is detected among <c>, ; tab |</c>.</summary>
public sealed record CsvFormat(char? Delimiter = null, HeaderMode Header = HeaderMode.Auto)
{
    public static readonly IReadOnlyList<char> SupportedDelimiters = [',', ';', '\t', '|'];

    public static CsvFormat Default { get; } = new();
}

/// <summary>
/// Which columns to use. Each entry is a header name or a 0-based index. A null target means the last
/// column; null features mean every column but the target (and the weights). Null weights weigh every row 1.
/// </summary>
public sealed record ColumnSelection(string? Target = null, IReadOnlyList<string>? Features = null, string? Weights = null)
{
    public static ColumnSelection Default { get; } = new();
}
