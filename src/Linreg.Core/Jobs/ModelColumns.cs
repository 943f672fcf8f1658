using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Jobs;

/// <summary>
/// Which CSV columns feed a model: shared by <c>predict</c> and <c>plot</c>, so both read the same data the same way.
/// </summary>
internal static class ModelColumns
{
    /// <summary>By header name when the data has a header (extra columns ignored), else by position.</summary>
    public static int[] Features(LinearModel model, TableReader reader, string modelPath)
    {
        if (reader.HasHeader)
        {
            var byName = ByName(reader);
            var missing = model.FeatureNames.Where(name => !byName.ContainsKey(name)).ToArray();
            if (missing.Length > 0)
            {
                throw new LinregException(
                    ExitCode.ModelError,
                    $"{reader.Source.DisplayName}: has no column {NameList.Join(missing, m => $"'{m}'")} that the model {modelPath} needs; its columns are {reader.DescribeColumns()} (the model uses {NameList.Join(model.FeatureNames)})");
            }

            return [.. model.FeatureNames.Select(name => byName[name])];
        }

        if (reader.ColumnCount < model.FeatureCount)
        {
            throw new LinregException(
                ExitCode.ModelError,
                $"{reader.Source.DisplayName}: rows have {reader.ColumnCount} column(s) but the model {modelPath} needs {model.FeatureCount} ({NameList.Join(model.FeatureNames)}); add a header row to match columns by name");
        }

        return [.. Enumerable.Range(0, model.FeatureCount)];
    }

    /// <summary>
    /// The column holding the model's target: by name with a header; without one, the column after the features,
    /// which is where <c>train</c> found it (the last column) when it trained on header-less data.
    /// </summary>
    public static int Target(LinearModel model, TableReader reader, string modelPath)
    {
        if (reader.HasHeader)
        {
            return ByName(reader).TryGetValue(model.TargetName, out var index)
                ? index
                : throw new LinregException(
                    ExitCode.ModelError,
                    $"{reader.Source.DisplayName}: has no column '{model.TargetName}', the target of the model {modelPath}, to compare its predictions with; its columns are {reader.DescribeColumns()}");
        }

        if (reader.ColumnCount <= model.FeatureCount)
        {
            throw new LinregException(
                ExitCode.ModelError,
                $"{reader.Source.DisplayName}: rows have {reader.ColumnCount} column(s), the model {modelPath}'s {model.FeatureCount} feature(s) but no target column '{model.TargetName}' after them; add the target column, or a header row naming it");
        }

        return reader.ColumnCount - 1;
    }

    private static Dictionary<string, int> ByName(TableReader reader) =>
        reader.ColumnNames.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
}
