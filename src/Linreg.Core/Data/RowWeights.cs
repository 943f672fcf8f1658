using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>
/// The checks a --weights column's values share wherever rows are read. A missing or unparseable weight is a bad
/// cell like any other (--missing decides); a negative or infinite one is an error whatever --missing says: dropping
/// it would fit a different model without a word.
/// </summary>
public static class RowWeights
{
    /// <param name="row">The row's 1-based number among the data rows, where the reader knows it.</param>
    public static void Check(double weight, string source, string column, long? row = null)
    {
        if (weight >= 0 && double.IsFinite(weight))
        {
            return;
        }

        var where = row is { } r ? string.Create(CultureInfo.InvariantCulture, $"data row {r}, ") : string.Empty;
        throw new LinregException(
            ExitCode.DataError,
            string.Create(CultureInfo.InvariantCulture, $"{source}: {where}column '{column}': weight {weight:R}; weights must be finite and ≥ 0 (give 0 to leave a row out of the fit)"));
    }

    /// <summary>Every weight 0 leaves nothing to fit: one message for every reader.</summary>
    public static LinregException AllZero(string source, string column, long rows) =>
        new(ExitCode.DataError, string.Create(CultureInfo.InvariantCulture, $"{source}: every weight in column '{column}' is 0 ({rows} row(s)); nothing to fit: give some rows a positive weight"));
}
