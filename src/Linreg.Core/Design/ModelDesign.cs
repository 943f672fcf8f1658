using System.Text.Json;
using Linreg.Core.IO;

namespace Linreg.Core.Design;

/// <summary>
/// How a model turns a table's columns into its features: the formula (empty for a plain choice of columns, which
/// is the formula <c>target ~ col1 + col2 + …</c>), the input columns it reads, in the table's order, and the levels
/// of each categorical one, the first the reference. Stored in the model file as <c>"design"</c>; <c>predict</c>,
/// <c>evaluate</c> and <c>plot</c> rebuild the same design columns from it, so the same rows get the same features.
/// </summary>
public sealed record ModelDesign
{
    public ModelDesign(string formula, string target, IReadOnlyList<string> inputs, IReadOnlyDictionary<string, IReadOnlyList<string>> levels, bool intercept)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(levels);
        FormulaText = formula;
        Inputs = inputs;
        Levels = levels;
        var parsed = formula.Length == 0
            ? Formula.OfColumns(target, inputs, intercept)
            : Formula.Parse(formula).ExpandDot(inputs);
        Matrix = new DesignMatrix(intercept ? parsed : parsed.WithoutIntercept(), inputs, levels);
        Target = parsed.Target.Expression!.Compile(_ => 0);
        TargetColumn = parsed.Target.Columns.Single();
    }

    /// <summary>The formula as the user gave it; empty for a plain choice of columns.</summary>
    public string FormulaText { get; }

    /// <summary>The table columns the features are made of, in the order the reader delivers them.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Each categorical input's levels, sorted; the first is the reference level.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Levels { get; }

    /// <summary>The column the target is read from (the formula may transform it, as np.log(y)).</summary>
    public string TargetColumn { get; }

    /// <summary>The design columns' names, which are the model's features.</summary>
    public IReadOnlyList<string> FeatureNames => Matrix.ColumnNames;

    internal DesignMatrix Matrix { get; }

    /// <summary>The target's value from its column's (the identity, or the formula's left-hand side).</summary>
    internal RowFunction Target { get; }

    /// <summary>The formula as statsmodels would write it, for reports: the user's, or the one a plain choice of columns means.</summary>
    public string Describe(string target) =>
        FormulaText.Length > 0 ? FormulaText : $"{target} ~ {string.Join(" + ", Inputs)}{(Matrix.Intercept ? string.Empty : " - 1")}";

    /// <summary>The target's value from its column's: the identity, or the formula's left-hand side.</summary>
    public double TargetValue(double column)
    {
        Span<double> one = [column];
        return Target(one);
    }

    /// <summary>One row's features from its inputs (a categorical input holding its level's index).</summary>
    public void Expand(ReadOnlySpan<double> inputs, Span<double> features) => Matrix.Expand(inputs, features);

    internal void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject("design");
        json.WriteString("formula", FormulaText);
        json.WriteStartArray("inputs");
        foreach (var input in Inputs)
        {
            json.WriteStringValue(input);
        }

        json.WriteEndArray();
        json.WriteStartObject("levels");
        foreach (var input in Inputs.Where(Levels.ContainsKey))
        {
            json.WriteStartArray(input);
            foreach (var level in Levels[input])
            {
                json.WriteStringValue(level);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The "design" object of a model file, checked against the model's features; null when there is none.</summary>
    internal static ModelDesign? Read(JsonFields fields, JsonElement root, string target, IReadOnlyList<string> features, bool intercept)
    {
        if (JsonFields.OptionalObject(root, "design") is not { } design)
        {
            return null;
        }

        ModelDesign read;
        try
        {
            var levels = JsonFields.OptionalObject(design, "levels") is { } l
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => (IReadOnlyList<string>)fields.Strings(l, p.Name), StringComparer.Ordinal)
                : [];
            var formula = design.TryGetProperty("formula", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : string.Empty;
            read = new ModelDesign(formula, target, fields.Strings(design, "inputs"), levels, intercept);
        }
        catch (Exception e) when (e is LinregException or InvalidOperationException or KeyNotFoundException)
        {
            throw fields.Bad($"its \"design\" cannot be used ({e.Message})", e);
        }

        return read.FeatureNames.SequenceEqual(features, StringComparer.Ordinal)
            ? read
            : throw fields.Bad("its \"design\" makes other features than its \"features\"; the file was edited or damaged");
    }
}
