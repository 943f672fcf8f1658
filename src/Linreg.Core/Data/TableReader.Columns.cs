using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>The user's choice of columns: names or indices resolved against the header, with the checks every command shares.</summary>
public sealed partial class TableReader
{
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
            $"{Source.DisplayName}: unknown column '{reference}' for {optionName}; the columns are {DescribeColumns()} (names, or 0-based indices 0-{ColumnNames.Count - 1})");
    }

    /// <summary>The column names for a message: all of a narrow table's, the first ones of a wide table's.</summary>
    public string DescribeColumns() => NameList.Join(ColumnNames);

    /// <summary>The user's column choice as indices into the columns, with the checks every reader of training data shares.</summary>
    public (int[] Features, int Target) SelectColumns(ColumnSelection columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (ColumnCount < 2)
        {
            throw new LinregException(
                ExitCode.DataError,
                $"{Source.DisplayName}: only one column ({DescribeColumns()}); training needs at least one feature column and a target column (check --delimiter)");
        }

        var target = columns.Target is null ? ColumnCount - 1 : ResolveColumn(columns.Target, "--target");
        var weights = WeightColumn(columns);
        if (weights == target)
        {
            throw new LinregException(ExitCode.UsageError, $"column '{ColumnNames[target]}' cannot be both the target and the weights");
        }

        if (columns.Features is null)
        {
            return ([.. Enumerable.Range(0, ColumnCount).Where(i => i != target && i != weights)], target);
        }

        int[] features = [.. columns.Features.Select(f => ResolveColumn(f, "--features"))];
        if (features.Length == 0)
        {
            throw new LinregException(ExitCode.UsageError, "--features names no column; give at least one, e.g. --features x1,x2");
        }

        var repeated = features.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new LinregException(ExitCode.UsageError, $"--features names column '{ColumnNames[repeated.Key]}' more than once");
        }

        if (features.Contains(target))
        {
            throw new LinregException(ExitCode.UsageError, $"column '{ColumnNames[target]}' cannot be both the target and a feature");
        }

        if (weights is { } w && features.Contains(w))
        {
            throw new LinregException(ExitCode.UsageError, $"column '{ColumnNames[w]}' cannot be both the weights and a feature");
        }

        return (features, target);
    }

    /// <summary>--weights as a column index; null without it.</summary>
    public int? WeightColumn(ColumnSelection columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns.Weights is null ? null : ResolveColumn(columns.Weights, "--weights");
    }
}
