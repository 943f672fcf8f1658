namespace Linreg.Core.Data;

/// <summary>What reading a cell given as text came to.</summary>
internal enum CellOutcome
{
    Value,

    /// <summary>Missing, not a number, or not finite: an error, or under --missing drop a dropped row.</summary>
    Bad,

    /// <summary>A category level the model never saw: always an error, whatever --missing says.</summary>
    UnseenLevel,
}

public sealed partial class TableReader
{
    /// <summary>
    /// The one reading of a cell that reaches the reader as text, for CsvHelper's records and Parquet's string
    /// columns alike: in a category column, its level's index; else a number in the format's decimal mark; else what
    /// is wrong with it (<paramref name="problem"/>, and whether the cell is text rather than a missing value).
    /// </summary>
    internal CellOutcome ReadTextCell(int column, string text, out double value, out string problem, out bool isText)
    {
        problem = string.Empty;
        isText = false;
        if (CategoryCells?.ReadsAsText(column) == true)
        {
            return ReadLevel(column, text, out value, out problem, out isText);
        }

        if (CellText.TryParse(text, Format, out value))
        {
            CategoryCells?.SawNumber(column);
            return CellOutcome.Value;
        }

        if (!CellText.IsNumberOrMissing(text, Format) && CategoryCells?.StartText(column, text) == true)
        {
            return ReadLevel(column, text, out value, out problem, out isText);
        }

        problem = CellText.DescribeBadCell(text, Format, out isText);
        if (Categories?.IsAuto(column) == true && isText)
        {
            problem += ", though the column's first cells are numbers";
        }

        return CellOutcome.Bad;
    }

    private CellOutcome ReadLevel(int column, string text, out double value, out string problem, out bool isText)
    {
        value = 0;
        isText = false;
        var level = text.Trim();
        if (CellText.IsMissing(level, Format))
        {
            problem = CellText.DescribeBadCell(level, Format, out _);
            return CellOutcome.Bad;
        }

        var code = Categories!.Code(column, level);
        if (code < 0)
        {
            problem = $"has the level '{level}', which the model never saw (it knows {NameList.Join(Categories.KnownLevels(column), l => $"'{l}'")}); a model predicts only the levels it was trained on";
            return CellOutcome.UnseenLevel;
        }

        problem = string.Empty;
        value = code;
        return CellOutcome.Value;
    }
}
