using System.Text.Json;
using Linreg.Core.IO;
using Linreg.Core.Metrics;
using Linreg.Core.Runtime;
using Linreg.Core.Training;

namespace Linreg.Core.Models;

/// <summary>
/// The model file: JSON with a format marker and a schema version. Later linreg versions keep reading every
/// version written before them; a file from a newer linreg is refused with an upgrade hint rather than misread.
/// Fields this version does not know are ignored.
/// </summary>
public static class ModelFile
{
    public const string FormatName = "linreg-model";
    /// <summary>2: weights, bias and standardization in double (null for an aliased weight), and the exact solver's inference.</summary>
    public const int SchemaVersion = 2;
    private const string What = "linreg model file";

    public static void Save(ModelDocument document, string path, IEnumerable<string?> inputs)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var file = AtomicFile.Create(path, "--model", inputs);
        file.Writer.Write(ToJson(document));
        file.Writer.Write('\n');
        file.Commit();
    }

    public static string ToJson(ModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonFields.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("createdBy", document.CreatedBy);
            WriteModel(json, document.Model);
            if (document.Training is { } training)
            {
                WriteTraining(json, training);
            }

            if (document.TrainMetrics is not null || document.ValidationMetrics is not null)
            {
                json.WriteStartObject("metrics");
                WriteMetrics(json, "train", document.TrainMetrics);
                WriteMetrics(json, "validation", document.ValidationMetrics);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    public static ModelDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fields = new JsonFields(path, ExitCode.ModelError);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw fields.Bad($"file not found (train one with 'linreg train DATA --model {path}')");
        }

        return Parse(fields.ReadFile(What), path);
    }

    public static ModelDocument Parse(ReadOnlySpan<byte> utf8, string path)
    {
        var fields = new JsonFields(path, ExitCode.ModelError);
        using var document = fields.Parse(utf8, What);
        var root = document.RootElement;
        var version = fields.CheckFormat(root, FormatName, SchemaVersion, What);
        var model = ReadModel(fields, root, float32: version == 1);
        var training = JsonFields.OptionalObject(root, "training") is { } t ? ReadTraining(fields, t) : null;
        var metrics = JsonFields.OptionalObject(root, "metrics");
        var createdBy = root.TryGetProperty("createdBy", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "unknown";
        return new ModelDocument(model, training, ReadMetrics(fields, metrics, "train"), createdBy)
        {
            ValidationMetrics = ReadMetrics(fields, metrics, "validation"),
        };
    }

    /// <summary>target, features, weights and bias, as model files and checkpoints both hold them.</summary>
    internal static void WriteModel(Utf8JsonWriter json, LinearModel model)
    {
        json.WriteString("target", model.TargetName);
        json.WriteStartArray("features");
        foreach (var name in model.FeatureNames)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        WriteWeights(json, model);
        json.WriteNumber("bias", model.Bias);
        if (!model.HasIntercept)
        {
            json.WriteBoolean("intercept", false);
        }

        if (model.Scaling is { } scaling)
        {
            json.WriteStartObject("standardization");
            WriteArray(json, "mean", scaling.Mean);
            WriteArray(json, "scale", scaling.Scale);
            WriteArray(json, "weights", scaling.Weights);
            json.WriteNumber("bias", scaling.Bias);
            json.WriteEndObject();
        }

        if (model.Inference is { } inference)
        {
            InferenceJson.Write(json, inference, withBasis: true);
        }

        model.Design?.Write(json);
    }

    /// <summary>The "weights" array as model files and train --json write it: null for an aliased weight.</summary>
    public static void WriteWeights(Utf8JsonWriter json, LinearModel model)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(model);
        json.WriteStartArray("weights");
        for (var i = 0; i < model.FeatureCount; i++)
        {
            if (model.IsAliased(i))
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteNumberValue(model.Weights[i]);
            }
        }

        json.WriteEndArray();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IReadOnlyList<double> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    /// <param name="float32">
    /// Schema version 1 held float32 values in their shortest text: read as float32 and widened, they are exactly the
    /// model that was saved (read as double, 0.1 would become a different number from the float32 0.1 it was).
    /// </param>
    internal static LinearModel ReadModel(JsonFields fields, JsonElement root, bool float32)
    {
        var features = fields.Strings(root, "features");
        var weights = float32 ? [.. fields.Floats(root, "weights").Select(w => (double?)w)] : fields.NullableDoubles(root, "weights");
        if (features.Length == 0 || features.Length != weights.Length)
        {
            throw fields.Bad($"it has {weights.Length} weight(s) for {features.Length} feature(s)");
        }

        // Columns are matched to features by name: a name twice would feed one column to two weights.
        if (features.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw fields.Bad($"it names feature '{twice.Key}' twice; a model's features are distinct columns");
        }

        var model = new LinearModel(features, fields.String(root, "target"), [.. weights.Select(w => w ?? 0)], Number(fields, root, "bias", float32))
        {
            Aliased = [.. features.Where((_, i) => weights[i] is null)],
            HasIntercept = !(root.TryGetProperty("intercept", out var intercept) && intercept.ValueKind == JsonValueKind.False),
        };
        model = model with
        {
            Inference = InferenceJson.Read(fields, root, features.Length, model.HasIntercept),
            Design = Design.ModelDesign.Read(fields, root, model.TargetName, features, model.HasIntercept),
        };
        if (JsonFields.OptionalObject(root, "standardization") is not { } scaling)
        {
            return model;
        }

        var mean = Numbers(fields, scaling, "mean", float32);
        var scale = Numbers(fields, scaling, "scale", float32);
        var scaledWeights = Numbers(fields, scaling, "weights", float32);
        if (mean.Length != features.Length || scale.Length != features.Length || scaledWeights.Length != features.Length || scale.Any(v => v <= 0))
        {
            throw fields.Bad($"\"standardization\" must hold {features.Length} mean(s), positive scale(s) and weight(s)");
        }

        var scaled = new ModelScaling(mean, scale, scaledWeights, Number(fields, scaling, "bias", float32));
        if (!Agrees(model, scaled, float32 ? 1e-5 : 1e-9))
        {
            // Readers that ignore the scaling predict from weights and bias; linreg predicts from the scaling. Both
            // must be one line, or the same file would give two answers.
            throw fields.Bad("its \"standardization\" and its \"weights\"/\"bias\" describe different lines; the file was edited or damaged");
        }

        return model with { Scaling = scaled };
    }

    /// <summary>Whether the scaled weights, taken to the original units, are the model's weights and bias to <paramref name="relative"/>.</summary>
    private static bool Agrees(LinearModel model, ModelScaling scaling, double relative)
    {
        var shift = scaling.Bias;
        var size = Math.Abs(scaling.Bias);
        for (var j = 0; j < model.FeatureCount; j++)
        {
            var original = scaling.Weights[j] / scaling.Scale[j];
            if (Math.Abs(original - model.Weights[j]) > relative * Math.Max(Math.Abs(original), Math.Abs(model.Weights[j])) + 1e-300)
            {
                return false;
            }

            shift -= original * scaling.Mean[j];
            size += Math.Abs(original * scaling.Mean[j]);
        }

        return Math.Abs(shift - model.Bias) <= (relative * size) + 1e-300;
    }

    private static double Number(JsonFields fields, JsonElement parent, string name, bool float32) =>
        float32 ? fields.Float(parent, name) : fields.Double(parent, name);

    private static double[] Numbers(JsonFields fields, JsonElement parent, string name, bool float32) =>
        float32 ? [.. fields.Floats(parent, name).Select(v => (double)v)] : fields.Doubles(parent, name);

    private static void WriteTraining(Utf8JsonWriter json, TrainingRecord training)
    {
        json.WriteStartObject("training");
        json.WriteString("data", training.Data);
        json.WriteNumber("rows", training.Rows);
        json.WriteNumber("droppedRows", training.DroppedRows);
        json.WriteNumber("epochs", training.Epochs);
        json.WriteNumber("steps", training.Steps);
        // In the run's dtype's shortest form: a float32 cost as float32 (as files have always held it).
        if (training.Settings.DType == DataType.Float32)
        {
            json.WriteNumber("finalCost", (float)training.FinalCost);
        }
        else
        {
            json.WriteNumber("finalCost", training.FinalCost);
        }
        if (training.OptimumCost is { } optimum)
        {
            json.WriteNumber("optimumCost", optimum);
        }

        if (training.StepCost is { } stepCost)
        {
            json.WriteString("stepCost", stepCost.ToString().ToLowerInvariant());
        }

        if (training.Streamed)
        {
            json.WriteBoolean("streamed", true);
        }

        TrainSettingsJson.Write(json, training.Settings);
        json.WriteEndObject();
    }

    private static TrainingRecord ReadTraining(JsonFields fields, JsonElement training)
    {
        var steps = fields.Long(training, "steps");
        var settings = TrainSettingsJson.Read(fields, training);
        return new TrainingRecord(
            fields.String(training, "data"),
            fields.Int(training, "rows"),
            fields.Long(training, "droppedRows"),
            training.TryGetProperty("epochs", out _) ? fields.Int(training, "epochs") : (int)Math.Min(steps, int.MaxValue),
            settings.DType == DataType.Float32 ? fields.Float(training, "finalCost") : fields.Double(training, "finalCost"),
            settings)
        {
            Steps = steps,
            OptimumCost = training.TryGetProperty("optimumCost", out _) ? fields.Double(training, "optimumCost") : null,
            StepCost = training.TryGetProperty("stepCost", out _) ? TrainSettingsJson.Word<CostSource>(fields, training, "stepCost") : null,
            Streamed = training.TryGetProperty("streamed", out var streamed) && streamed.ValueKind == JsonValueKind.True,
        };
    }

    /// <summary>A metrics object (rows, mse, rmse, mae, r2; null for a value that is not finite), or nothing for null.</summary>
    public static void WriteMetrics(Utf8JsonWriter json, string name, RegressionMetrics? metrics)
    {
        if (metrics is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("rows", metrics.Rows);
        WriteFinite(json, "mse", metrics.Mse);
        WriteFinite(json, "rmse", metrics.Rmse);
        WriteFinite(json, "mae", metrics.Mae);
        WriteFinite(json, "r2", metrics.R2);
        json.WriteEndObject();
    }

    /// <summary>JSON has no NaN or infinity: such values are written as null.</summary>
    public static void WriteFinite(Utf8JsonWriter json, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static RegressionMetrics? ReadMetrics(JsonFields fields, JsonElement? parent, string name) =>
        parent is { } p && JsonFields.OptionalObject(p, name) is { } metrics ? ReadMetrics(fields, metrics) : null;

    private static RegressionMetrics ReadMetrics(JsonFields fields, JsonElement metrics) => new(
        JsonFields.OptionalDouble(metrics, "mse"),
        JsonFields.OptionalDouble(metrics, "rmse"),
        JsonFields.OptionalDouble(metrics, "mae"),
        JsonFields.OptionalDouble(metrics, "r2"),
        fields.Int(metrics, "rows"));
}
