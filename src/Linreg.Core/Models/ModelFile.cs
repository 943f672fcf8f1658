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
    public const int SchemaVersion = 1;
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

            if (document.TrainMetrics is { } metrics)
            {
                json.WriteStartObject("metrics");
                WriteMetrics(json, "train", metrics);
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
        fields.CheckFormat(root, FormatName, SchemaVersion, What);
        var model = ReadModel(fields, root);
        var training = JsonFields.OptionalObject(root, "training") is { } t ? ReadTraining(fields, t) : null;
        var metrics = JsonFields.OptionalObject(root, "metrics") is { } m && JsonFields.OptionalObject(m, "train") is { } train ? ReadMetrics(fields, train) : null;
        var createdBy = root.TryGetProperty("createdBy", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "unknown";
        return new ModelDocument(model, training, metrics, createdBy);
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
        json.WriteStartArray("weights");
        foreach (var weight in model.Weights)
        {
            json.WriteNumberValue(weight);
        }

        json.WriteEndArray();
        json.WriteNumber("bias", model.Bias);
    }

    internal static LinearModel ReadModel(JsonFields fields, JsonElement root)
    {
        var features = fields.Strings(root, "features");
        var weights = fields.Floats(root, "weights");
        if (features.Length == 0 || features.Length != weights.Length)
        {
            throw fields.Bad($"it has {weights.Length} weight(s) for {features.Length} feature(s)");
        }

        return new LinearModel(features, fields.String(root, "target"), weights, fields.Float(root, "bias"));
    }

    internal static void WriteSettings(Utf8JsonWriter json, TrainSettings settings)
    {
        json.WriteStartObject("settings");
        json.WriteNumber("lr", settings.LearningRate);
        json.WriteNumber("epochs", settings.Epochs);
        json.WriteNumber("seed", settings.Seed);
        json.WriteNumber("logEvery", settings.LogEvery);
        json.WriteString("device", settings.Device.ToString().ToLowerInvariant());
        json.WriteEndObject();
    }

    internal static TrainSettings ReadSettings(JsonFields fields, JsonElement parent)
    {
        var settings = fields.Property(parent, "settings");
        var device = fields.String(settings, "device");
        return new TrainSettings
        {
            LearningRate = fields.Double(settings, "lr"),
            Epochs = fields.Int(settings, "epochs"),
            Seed = fields.Long(settings, "seed"),
            LogEvery = fields.Int(settings, "logEvery"),
            Device = Enum.TryParse<DeviceChoice>(device, ignoreCase: true, out var choice) ? choice : throw fields.Bad($"unknown device '{device}'"),
        };
    }

    private static void WriteTraining(Utf8JsonWriter json, TrainingRecord training)
    {
        json.WriteStartObject("training");
        json.WriteString("data", training.Data);
        json.WriteNumber("rows", training.Rows);
        json.WriteNumber("droppedRows", training.DroppedRows);
        json.WriteNumber("steps", training.Steps);
        json.WriteNumber("finalCost", training.FinalCost);
        WriteSettings(json, training.Settings);
        json.WriteEndObject();
    }

    private static TrainingRecord ReadTraining(JsonFields fields, JsonElement training) => new(
        fields.String(training, "data"),
        fields.Int(training, "rows"),
        fields.Long(training, "droppedRows"),
        fields.Int(training, "steps"),
        fields.Float(training, "finalCost"),
        ReadSettings(fields, training));

    private static void WriteMetrics(Utf8JsonWriter json, string name, RegressionMetrics metrics)
    {
        json.WriteStartObject(name);
        json.WriteNumber("rows", metrics.Rows);
        JsonFields.WriteFinite(json, "mse", metrics.Mse);
        JsonFields.WriteFinite(json, "rmse", metrics.Rmse);
        JsonFields.WriteFinite(json, "mae", metrics.Mae);
        JsonFields.WriteFinite(json, "r2", metrics.R2);
        json.WriteEndObject();
    }

    private static RegressionMetrics ReadMetrics(JsonFields fields, JsonElement metrics) => new(
        JsonFields.OptionalDouble(metrics, "mse"),
        JsonFields.OptionalDouble(metrics, "rmse"),
        JsonFields.OptionalDouble(metrics, "mae"),
        JsonFields.OptionalDouble(metrics, "r2"),
        fields.Int(metrics, "rows"));
}
