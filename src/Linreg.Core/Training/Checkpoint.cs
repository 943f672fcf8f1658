using Linreg.Core.IO;
using Linreg.Core.Models;

namespace Linreg.Core.Training;

/// <summary>Training progress saved with --checkpoint: enough to resume and end exactly where an uninterrupted run would.</summary>
public sealed record Checkpoint(int NextEpoch, LinearModel Model, TrainSettings Settings, int Rows, string DataFingerprint)
{
    // The model holds the run's parameters as doubles (a float32 run's widened), which the trainer narrows back exactly.
    public TrainingStart ToStart() => new(NextEpoch, [.. Model.Weights], Model.Bias) { Stopping = Stopping };

    /// <summary>Early stopping's state after the last saved epoch.</summary>
    public EarlyStoppingState? Stopping { get; init; }

    /// <summary>Refuses to resume on other data, with another learning rate or another dtype: the result would match neither run.</summary>
    public void CheckResumable(string path, Data.Dataset data, TrainSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        if (!Model.FeatureNames.SequenceEqual(data.FeatureNames) || Model.TargetName != data.TargetName)
        {
            throw Refuse(path, $"it was made for {Model.TargetName} ~ {NameList.Join(Model.FeatureNames)}, not {data.TargetName} ~ {NameList.Join(data.FeatureNames)}");
        }

        if (Rows != data.RowCount || DataFingerprint != data.Fingerprint())
        {
            throw Refuse(path, $"it was made from other data ({Rows} rows, fingerprint {DataFingerprint}; this data has {data.RowCount} rows, fingerprint {data.Fingerprint()})");
        }

        if (Settings.LearningRate != settings.LearningRate)
        {
            throw Refuse(path, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"it was made with --lr {Settings.LearningRate}, not {settings.LearningRate}; resume with the same --lr"));
        }

        if (Penalty.Of(Settings) != Penalty.Of(settings))
        {
            throw Refuse(path, $"it was made with the penalty {Penalty.Of(Settings).Describe()}, not {Penalty.Of(settings).Describe()}; resume with the same --penalty and --alpha");
        }

        if (Settings.DType != settings.DType)
        {
            throw Refuse(path, $"it was made with --dtype {TrainSettingsJson.Word(Settings.DType)}, not {TrainSettingsJson.Word(settings.DType)}; resume with the same --dtype");
        }

        // Each of these changes the steps after the checkpoint, so the resumed run would match no uninterrupted one.
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var changed = new (string Option, string Was, string Now)[]
        {
            ("--batch-size", Settings.BatchSize?.ToString(c) ?? "0", settings.BatchSize?.ToString(c) ?? "0"),
            ("--shuffle", Settings.Shuffle ? "on" : "off", settings.Shuffle ? "on" : "off"),
            ("--seed", Settings.Shuffle ? Settings.Seed.ToString(c) : "-", settings.Shuffle ? settings.Seed.ToString(c) : "-"),
            ("--tolerance", Settings.Tolerance?.ToString("R", c) ?? "none", settings.Tolerance?.ToString("R", c) ?? "none"),
            ("--patience", Settings.Tolerance is null ? "-" : Settings.Patience.ToString(c), settings.Tolerance is null ? "-" : settings.Patience.ToString(c)),
            ("--cost-from", Settings.CostFrom.ToString().ToLowerInvariant(), settings.CostFrom.ToString().ToLowerInvariant()),
            ("--standardize", Settings.Standardize ? "on" : "off", settings.Standardize ? "on" : "off"),
        }.FirstOrDefault(o => o.Was != o.Now);
        if (changed.Option is not null)
        {
            throw Refuse(path, $"it was made with {changed.Option} {changed.Was}, not {changed.Now}; resume with the same {changed.Option}");
        }
    }

    private static LinregException Refuse(string path, string why) => new(ExitCode.UsageError, $"--resume {path}: {why}");
}

/// <summary>The checkpoint file: versioned JSON like the model file, written atomically.</summary>
public static class CheckpointFile
{
    public const string FormatName = "linreg-checkpoint";
    public const int SchemaVersion = 1;
    private const string What = "linreg checkpoint";

    public static void Save(Checkpoint checkpoint, string path, IEnumerable<string?> inputs)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var file = AtomicFile.Create(path, "--checkpoint", inputs);
        file.Writer.Write(JsonFields.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteNumber("nextEpoch", checkpoint.NextEpoch);
            ModelFile.WriteModel(json, checkpoint.Model);
            json.WriteString("optimizer", "sgd");
            json.WriteStartObject("data");
            json.WriteNumber("rows", checkpoint.Rows);
            json.WriteString("fingerprint", checkpoint.DataFingerprint);
            json.WriteEndObject();
            TrainSettingsJson.Write(json, checkpoint.Settings);
            if (checkpoint.Stopping is { } stopping)
            {
                json.WriteStartObject("earlyStopping");
                ModelFile.WriteFinite(json, "best", stopping.Best);
                json.WriteNumber("stalled", stopping.Stalled);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }));
        file.Writer.Write('\n');
        file.Commit();
    }

    public static Checkpoint Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fields = new JsonFields(path, ExitCode.UsageError);
        using var document = fields.Parse(fields.ReadFile(What), What);
        var root = document.RootElement;
        fields.CheckFormat(root, FormatName, SchemaVersion, What);
        var data = fields.Property(root, "data");

        // A float32 run's parameters were written widened: read as float32, they are exactly what it held.
        var settings = TrainSettingsJson.Read(fields, root);
        return new Checkpoint(
            fields.Int(root, "nextEpoch"),
            ModelFile.ReadModel(fields, root, float32: settings.DType == DataType.Float32),
            settings,
            fields.Int(data, "rows"),
            fields.String(data, "fingerprint"))
        {
            Stopping = JsonFields.OptionalObject(root, "earlyStopping") is { } stopping
                ? new EarlyStoppingState(JsonFields.OptionalDouble(stopping, "best") is var best && double.IsNaN(best) ? double.PositiveInfinity : best, fields.Int(stopping, "stalled"))
                : null,
        };
    }
}
