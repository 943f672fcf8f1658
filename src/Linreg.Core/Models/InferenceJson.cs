using System.Text.Json;
using Linreg.Core.IO;
using Linreg.Core.Statistics;

namespace Linreg.Core.Models;

/// <summary>
/// The "inference" object as train --json and model files write it; model files add the interval basis. Numbers
/// that are not finite (a perfect fit's t values, the F test of a model with no terms) are written as null.
/// </summary>
public static class InferenceJson
{
    public static void Write(Utf8JsonWriter json, ModelInference inference, bool withBasis)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(inference);
        json.WriteStartObject("inference");
        json.WriteStartArray("coefficients");
        foreach (var term in inference.Terms)
        {
            json.WriteStartObject();
            json.WriteString("term", term.Term);
            Nullable(json, "estimate", term.Estimate);
            Nullable(json, "stdError", term.StdError);
            Nullable(json, "tValue", term.TValue);
            Nullable(json, "pValue", term.PValue);
            Nullable(json, "ciLower", term.CiLower);
            Nullable(json, "ciUpper", term.CiUpper);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("covarianceType", CovarianceWord(inference.CovarianceType));
        json.WriteString("distribution", inference.UsesT ? "t" : "normal");
        json.WriteNumber("level", inference.Level);
        json.WriteNumber("observations", inference.Observations);
        ModelFile.WriteFinite(json, "residualStdError", inference.ResidualStdError);
        json.WriteNumber("dfResidual", inference.DfResidual);
        json.WriteNumber("dfModel", inference.DfModel);
        ModelFile.WriteFinite(json, "rSquared", inference.RSquared);
        ModelFile.WriteFinite(json, "adjRSquared", inference.AdjRSquared);
        ModelFile.WriteFinite(json, "fStatistic", inference.FStatistic);
        ModelFile.WriteFinite(json, "fPValue", inference.FPValue);
        ModelFile.WriteFinite(json, "logLikelihood", inference.LogLikelihood);
        ModelFile.WriteFinite(json, "aic", inference.Aic);
        ModelFile.WriteFinite(json, "bic", inference.Bic);
        ModelFile.WriteFinite(json, "conditionNumber", inference.ConditionNumber);
        json.WriteNumber("rank", inference.Rank);
        json.WriteStartArray("aliased");
        foreach (var name in inference.Aliased)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        if (withBasis)
        {
            var basis = inference.Basis;
            json.WriteStartObject("basis");
            json.WriteString("about", "coordinates [1 | x - shift] over the estimable terms; covariance is the estimates' (the type in use), unscaled is (X'WX)^-1, both row by row");
            Array(json, "estimable", basis.Estimable.Select(i => (double)i));
            Array(json, "shift", basis.Shift);
            Array(json, "covariance", basis.Covariance);
            Array(json, "unscaled", basis.Unscaled);
            ModelFile.WriteFinite(json, "scale", basis.Scale);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The inference a model file holds, or null when it has none (gradient descent, version 1).</summary>
    internal static ModelInference? Read(JsonFields fields, JsonElement root, int featureCount, bool hasIntercept)
    {
        if (JsonFields.OptionalObject(root, "inference") is not { } inference)
        {
            return null;
        }

        var terms = fields.Property(inference, "coefficients");
        if (terms.ValueKind != JsonValueKind.Array || terms.GetArrayLength() != featureCount + (hasIntercept ? 1 : 0))
        {
            throw fields.Bad($"\"inference\" must hold one coefficient per term ({featureCount + (hasIntercept ? 1 : 0)})");
        }

        var table = terms.EnumerateArray().Select(term => new OlsTerm(
            fields.String(term, "term"),
            Optional(term, "estimate"),
            Optional(term, "stdError"),
            Optional(term, "tValue"),
            Optional(term, "pValue"),
            Optional(term, "ciLower"),
            Optional(term, "ciUpper"))).ToArray();
        var basisElement = fields.Property(inference, "basis");
        var estimable = fields.Doubles(basisElement, "estimable").Select(v => (int)v).ToArray();
        var rank = estimable.Length;
        var basis = new IntervalBasis(
            hasIntercept,
            estimable,
            fields.Doubles(basisElement, "shift"),
            Numbers(fields, basisElement, "covariance"),
            Numbers(fields, basisElement, "unscaled"),
            JsonFields.OptionalDouble(basisElement, "scale"),
            fields.Double(inference, "dfResidual"),
            fields.String(inference, "distribution") == "t");
        if (basis.Shift.Count != featureCount || basis.Covariance.Count != rank * rank || basis.Unscaled.Count != rank * rank
            || estimable.Any(i => i < 0 || i >= table.Length) || rank != table.Count(t => !t.IsAliased))
        {
            throw fields.Bad("\"inference\".\"basis\" does not fit the model's terms");
        }

        return new ModelInference(
            table,
            TrainSettingsJson.Word<CovarianceType>(fields, inference, "covarianceType"),
            fields.Double(inference, "level"),
            fields.Long(inference, "observations"),
            JsonFields.OptionalDouble(inference, "residualStdError"),
            fields.Double(inference, "dfResidual"),
            fields.Double(inference, "dfModel"),
            JsonFields.OptionalDouble(inference, "rSquared"),
            JsonFields.OptionalDouble(inference, "adjRSquared"),
            JsonFields.OptionalDouble(inference, "fStatistic"),
            JsonFields.OptionalDouble(inference, "fPValue"),
            JsonFields.OptionalDouble(inference, "logLikelihood"),
            JsonFields.OptionalDouble(inference, "aic"),
            JsonFields.OptionalDouble(inference, "bic"),
            JsonFields.OptionalDouble(inference, "conditionNumber"),
            basis);
    }

    public static string CovarianceWord(CovarianceType type) => type.ToString().ToLowerInvariant();

    private static double? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static void Nullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Numbers that are not finite (a fit with no degrees of freedom left has no covariance) as null.</summary>
    private static void Array(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                json.WriteNumberValue(value);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }

    private static double[] Numbers(JsonFields fields, JsonElement parent, string name) =>
        [.. fields.NullableDoubles(parent, name).Select(v => v ?? double.NaN)];
}
