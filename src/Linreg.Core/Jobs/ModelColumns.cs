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
        if (model.Design is { } design)
        {
            return DesignInputs(design, reader, modelPath);
        }

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
            var target = model.Design?.TargetColumn ?? model.TargetName;
            return ByName(reader).TryGetValue(target, out var index)
                ? index
                : throw new LinregException(
                    ExitCode.ModelError,
                    $"{reader.Source.DisplayName}: has no column '{target}', the target of the model {modelPath}, to compare its predictions with; its columns are {reader.DescribeColumns()}");
        }

        if (reader.ColumnCount <= model.FeatureCount)
        {
            throw new LinregException(
                ExitCode.ModelError,
                $"{reader.Source.DisplayName}: rows have {reader.ColumnCount} column(s), the model {modelPath}'s {model.FeatureCount} feature(s) but no target column '{model.TargetName}' after them; add the target column, or a header row naming it");
        }

        return reader.ColumnCount - 1;
    }

    /// <summary>
    /// A model with a design reads its input columns by name (a header is needed), and its categorical ones as the
    /// model's levels: a level it never saw stops the run at its line.
    /// </summary>
    private static int[] DesignInputs(Design.ModelDesign design, TableReader reader, string modelPath)
    {
        if (!reader.HasHeader)
        {
            throw new LinregException(
                ExitCode.ModelError,
                $"{reader.Source.DisplayName}: has no header row, and the model {modelPath} reads its columns by name ({NameList.Join(design.Inputs)}: it was trained with a formula or categories); add a header row");
        }

        var byName = ByName(reader);
        var missing = design.Inputs.Where(name => !byName.ContainsKey(name)).ToArray();
        if (missing.Length > 0)
        {
            throw new LinregException(
                ExitCode.ModelError,
                $"{reader.Source.DisplayName}: has no column {NameList.Join(missing, m => $"'{m}'")} that the model {modelPath} needs; its columns are {reader.DescribeColumns()} (the model reads {NameList.Join(design.Inputs)})");
        }

        if (design.Levels.Count > 0)
        {
            reader.ReadCategories(CategoryColumns.Fixed(design.Levels.ToDictionary(p => byName[p.Key], p => p.Value)));
        }

        return [.. design.Inputs.Select(name => byName[name])];
    }

    private static Dictionary<string, int> ByName(TableReader reader) =>
        reader.ColumnNames.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
}
