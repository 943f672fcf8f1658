using System.Globalization;
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
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("createdBy", document.CreatedBy);
            var model = document.Model;
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
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ModelDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new LinregException(ExitCode.ModelError, $"--model {path}: is a folder, not a model file");
        }

        if (!File.Exists(path))
        {
            throw new LinregException(ExitCode.ModelError, $"--model {path}: file not found (train one with 'linreg train DATA --model {path}')");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinregException(ExitCode.ModelError, $"--model {path}: cannot be read ({e.Message})", e);
        }

        return Parse(bytes, path);
    }

    public static ModelDocument Parse(ReadOnlySpan<byte> utf8, string path)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $":{line + 1}" : string.Empty;
            throw new LinregException(ExitCode.ModelError, $"{path}{where}: not a linreg model file (invalid or truncated JSON); retrain or restore the file", e);
        }

        using (document)
        {
            return new ModelReader(document.RootElement, path).Read();
        }
    }

    private static void WriteTraining(Utf8JsonWriter json, TrainingRecord training)
    {
        json.WriteStartObject("training");
        json.WriteString("data", training.Data);
        json.WriteNumber("rows", training.Rows);
        json.WriteNumber("droppedRows", training.DroppedRows);
        json.WriteNumber("steps", training.Steps);
        json.WriteNumber("finalCost", training.FinalCost);
        json.WriteStartObject("settings");
        json.WriteNumber("lr", training.Settings.LearningRate);
        json.WriteNumber("epochs", training.Settings.Epochs);
        json.WriteNumber("seed", training.Settings.Seed);
        json.WriteNumber("logEvery", training.Settings.LogEvery);
        json.WriteString("device", training.Settings.Device.ToString().ToLowerInvariant());
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter json, string name, RegressionMetrics metrics)
    {
        json.WriteStartObject(name);
        json.WriteNumber("rows", metrics.Rows);
        WriteFinite(json, "mse", metrics.Mse);
        WriteFinite(json, "rmse", metrics.Rmse);
        WriteFinite(json, "mae", metrics.Mae);
        WriteFinite(json, "r2", metrics.R2);
        json.WriteEndObject();
    }

    private static void WriteFinite(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Reads one parsed document, naming the file and the field in every complaint.</summary>
    private sealed class ModelReader(JsonElement root, string path)
    {
        public ModelDocument Read()
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
            {
                throw Bad($"not a linreg model file (no \"format\": \"{FormatName}\")");
            }

            var version = Int("schemaVersion", root);
            if (version > SchemaVersion)
            {
                throw Bad($"schema version {version} was written by a newer linreg; this linreg reads versions 1-{SchemaVersion}: upgrade linreg (dotnet tool update -g linreg)");
            }

            if (version < 1)
            {
                throw Bad($"schema version {version} is not valid");
            }

            var features = Array(root, "features").Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad("\"features\" must hold strings")).ToArray();
            var weights = Array(root, "weights").Select(e => Finite(e, "weights")).ToArray();
            if (features.Length == 0 || features.Length != weights.Length)
            {
                throw Bad($"it has {weights.Length} weight(s) for {features.Length} feature(s)");
            }

            var model = new LinearModel(features, String("target", root), weights, Finite(Property(root, "bias"), "bias"));
            var training = root.TryGetProperty("training", out var t) && t.ValueKind == JsonValueKind.Object ? ReadTraining(t) : null;
            var metrics = root.TryGetProperty("metrics", out var m) && m.TryGetProperty("train", out var train) ? ReadMetrics(train) : null;
            var createdBy = root.TryGetProperty("createdBy", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "unknown";
            return new ModelDocument(model, training, metrics, createdBy);
        }

        private TrainingRecord ReadTraining(JsonElement training)
        {
            var settings = Property(training, "settings");
            var device = String("device", settings);
            return new TrainingRecord(
                String("data", training),
                Int("rows", training),
                Int("droppedRows", training),
                Int("steps", training),
                Finite(Property(training, "finalCost"), "finalCost"),
                new TrainSettings
                {
                    LearningRate = Double(Property(settings, "lr"), "lr"),
                    Epochs = Int("epochs", settings),
                    Seed = Long("seed", settings),
                    LogEvery = Int("logEvery", settings),
                    Device = Enum.TryParse<DeviceChoice>(device, ignoreCase: true, out var choice) ? choice : throw Bad($"unknown device '{device}'"),
                });
        }

        private RegressionMetrics ReadMetrics(JsonElement metrics) => new(
            Optional(metrics, "mse"), Optional(metrics, "rmse"), Optional(metrics, "mae"), Optional(metrics, "r2"), Int("rows", metrics));

        private static double Optional(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

        private JsonElement Property(JsonElement parent, string name) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : throw Bad($"\"{name}\" is missing");

        private JsonElement.ArrayEnumerator Array(JsonElement parent, string name)
        {
            var value = Property(parent, name);
            return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw Bad($"\"{name}\" must be an array");
        }

        private string String(string name, JsonElement parent)
        {
            var value = Property(parent, name);
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Bad($"\"{name}\" must be a string");
        }

        private int Int(string name, JsonElement parent)
        {
            var number = Long(name, parent);
            return number is >= 0 and <= int.MaxValue ? (int)number : throw Bad($"\"{name}\" is out of range");
        }

        private long Long(string name, JsonElement parent)
        {
            var value = Property(parent, name);
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw Bad($"\"{name}\" must be a whole number");
        }

        private double Double(JsonElement value, string name) =>
            value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()) ? value.GetDouble() : throw Bad($"\"{name}\" must be a finite number");

        private float Finite(JsonElement value, string name)
        {
            var number = Double(value, name);
            return number is >= float.MinValue and <= float.MaxValue ? (float)number : throw Bad($"\"{name}\" is outside the float32 range");
        }

        private LinregException Bad(string why) =>
            new(ExitCode.ModelError, string.Create(CultureInfo.InvariantCulture, $"{path}: {why}"));
    }
}
