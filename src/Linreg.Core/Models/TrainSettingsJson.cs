using System.Text.Json;
using Linreg.Core.IO;
using Linreg.Core.Runtime;
using Linreg.Core.Training;

namespace Linreg.Core.Models;

/// <summary>The "settings" object as model files, checkpoints and train --json write it, and read it back.</summary>
public static class TrainSettingsJson
{
    public static void Write(Utf8JsonWriter json, TrainSettings settings)
    {
        json.WriteStartObject("settings");
        json.WriteNumber("lr", settings.LearningRate);
        json.WriteNumber("epochs", settings.Epochs);
        json.WriteNumber("seed", settings.Seed);
        json.WriteNumber("logEvery", settings.LogEvery);
        json.WriteString("device", settings.Device.ToString().ToLowerInvariant());
        json.WriteString("init", settings.Init.ToString().ToLowerInvariant());
        json.WriteString("optimizer", settings.Optimizer.ToString().ToLowerInvariant());
        json.WriteNumber("momentum", settings.Momentum);
        WriteOptional(json, "batchSize", settings.BatchSize);
        json.WriteBoolean("shuffle", settings.Shuffle);
        json.WriteBoolean("standardize", settings.Standardize);
        WriteOptional(json, "tolerance", settings.Tolerance);

        json.WriteNumber("patience", settings.Patience);
        json.WriteString("solver", settings.Solver.ToString().ToLowerInvariant());
        json.WriteString("costFrom", settings.CostFrom.ToString().ToLowerInvariant());
        if (settings.Solver == SolverKind.Lstsq)
        {
            json.WriteBoolean("intercept", settings.Intercept);
            json.WriteString("se", InferenceJson.CovarianceWord(settings.Covariance));
            json.WriteNumber("level", settings.Level);
            json.WriteNumber("rankTolerance", settings.RankTolerance);
        }

        // Written only for float64, so float32 runs (the lesson's) write what they always have; absent reads as float32.
        if (settings.DType != DataType.Float32)
        {
            json.WriteString("dtype", Word(settings.DType));
        }

        // Likewise written only when used: "lr" holds the rate --lr auto chose, "alpha" the one --alpha auto chose.
        if (settings.LearningRateAuto)
        {
            json.WriteBoolean("lrAuto", true);
        }

        if (settings.Penalty != PenaltyKind.None)
        {
            var penalty = Penalty.Of(settings);
            json.WriteString("penalty", Word(settings.Penalty));
            json.WriteNumber("alpha", penalty.Alpha);
            if (settings.Penalty == PenaltyKind.ElasticNet)
            {
                json.WriteNumber("l1Ratio", penalty.L1Ratio);
            }

            if (settings.AlphaAuto)
            {
                json.WriteBoolean("alphaAuto", true);
            }
        }

        if (settings.CvFolds is { } folds)
        {
            json.WriteNumber("cv", folds);
        }

        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static TrainSettings Read(JsonFields fields, JsonElement parent)
    {
        var settings = fields.Property(parent, "settings");
        var defaults = new TrainSettings();

        // Settings added after the first release are optional, so files written before them still read.
        bool Has(string name) => settings.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
        return new TrainSettings
        {
            LearningRate = fields.Double(settings, "lr"),
            Epochs = fields.Int(settings, "epochs"),
            Seed = fields.Long(settings, "seed"),
            LogEvery = fields.Int(settings, "logEvery"),
            Device = Word<DeviceChoice>(fields, settings, "device"),
            Init = Has("init") ? Word<InitMode>(fields, settings, "init") : defaults.Init,
            Optimizer = Has("optimizer") ? Word<OptimizerKind>(fields, settings, "optimizer") : defaults.Optimizer,
            Momentum = Has("momentum") ? fields.Double(settings, "momentum") : defaults.Momentum,
            BatchSize = Has("batchSize") ? fields.Int(settings, "batchSize") : null,
            Shuffle = Has("shuffle") && settings.GetProperty("shuffle").ValueKind == JsonValueKind.True,
            Standardize = Has("standardize") && settings.GetProperty("standardize").ValueKind == JsonValueKind.True,
            Tolerance = Has("tolerance") ? fields.Double(settings, "tolerance") : null,
            Patience = Has("patience") ? fields.Int(settings, "patience") : defaults.Patience,
            Solver = Has("solver") ? Word<SolverKind>(fields, settings, "solver") : defaults.Solver,
            CostFrom = Has("costFrom") ? Word<CostSource>(fields, settings, "costFrom") : defaults.CostFrom,
            Intercept = !Has("intercept") || settings.GetProperty("intercept").ValueKind != JsonValueKind.False,
            Covariance = Has("se") ? Word<Statistics.CovarianceType>(fields, settings, "se") : defaults.Covariance,
            Level = Has("level") ? fields.Double(settings, "level") : defaults.Level,
            RankTolerance = Has("rankTolerance") ? fields.Double(settings, "rankTolerance") : defaults.RankTolerance,
            DType = Has("dtype") ? Word<DataType>(fields, settings, "dtype") : defaults.DType,
            LearningRateAuto = Has("lrAuto") && settings.GetProperty("lrAuto").ValueKind == JsonValueKind.True,
            Penalty = Has("penalty") ? Word<PenaltyKind>(fields, settings, "penalty") : defaults.Penalty,
            Alpha = Has("alpha") ? fields.Double(settings, "alpha") : null,
            L1Ratio = Has("l1Ratio") ? fields.Double(settings, "l1Ratio") : null,
            AlphaAuto = Has("alphaAuto") && settings.GetProperty("alphaAuto").ValueKind == JsonValueKind.True,
            CvFolds = Has("cv") ? fields.Int(settings, "cv") : null,
        };
    }

    /// <summary>A dtype as options and files spell it: float32, float64.</summary>
    public static string Word(DataType dtype) => dtype.ToString().ToLowerInvariant();

    /// <summary>A penalty as --penalty and files spell it: none, l2, l1, elasticnet.</summary>
    public static string Word(PenaltyKind penalty) => penalty.ToString().ToLowerInvariant();

    /// <summary>An enum written as its member's name in lower case.</summary>
    internal static T Word<T>(JsonFields fields, JsonElement parent, string name)
        where T : struct, Enum
    {
        var text = fields.String(parent, name);
        return Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : throw fields.Bad($"unknown {name} '{text}'");
    }
}
