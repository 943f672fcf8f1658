using System.Globalization;
using System.Text.Json;
using Linreg.Core.Interop;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

public sealed record InspectJobSettings
{
    /// <summary>A linreg model file, or a PyTorch / safetensors file that <c>linreg import</c> would read.</summary>
    public required string ModelPath { get; init; }
}

/// <summary>
/// <c>linreg inspect</c>: what a model file holds, as aligned "field: value" lines on stdout. Numbers are printed
/// exactly (shortest round-trip digits), so what is shown is what predictions use.
/// </summary>
public static class InspectJob
{
    private const int LabelWidth = 12;

    public static void Run(InspectJobSettings settings, JobIO io)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        var output = io.Output;
        if (TensorFormatOf(settings.ModelPath) is not null)
        {
            WriteStateDict(output, settings.ModelPath, PyTorchFile.Load(settings.ModelPath));
        }
        else
        {
            var document = ModelFile.Load(settings.ModelPath);
            WriteDocument(output, settings.ModelPath, document, SchemaVersionOf(settings.ModelPath));
        }

        output.Flush();
    }

    private static void WriteDocument(TextWriter output, string path, ModelDocument document, int schemaVersion)
    {
        var model = document.Model;
        Line(output, "file", path);
        Line(output, "format", string.Create(CultureInfo.InvariantCulture, $"{ModelFile.FormatName}, schema version {schemaVersion}"));
        Line(output, "created by", document.CreatedBy);
        var estimated = Enumerable.Range(0, model.FeatureCount).Where(i => !model.IsAliased(i)).ToArray();
        Line(output, "model", $"{model.TargetName} = {Equation([.. estimated.Select(i => model.FeatureNames[i])], [.. estimated.Select(i => model.Weights[i])], model.Bias)}");
        Line(output, "target", model.TargetName);
        if (model.Design is { } design)
        {
            Line(output, "formula", design.Describe(model.TargetName));
            foreach (var (column, levels) in design.Levels)
            {
                Line(output, "categorical", string.Create(CultureInfo.InvariantCulture, $"{column}: {levels.Count} level(s), reference '{(levels.Count > 0 ? levels[0] : string.Empty)}'"));
            }
        }

        WriteWeights(output, model.FeatureNames, model.Weights, model.Bias, model.IsAliased);
        if (document.Training is { } training)
        {
            WriteTraining(output, training, model.FeatureCount);
        }
        else
        {
            Line(output, "training", "none recorded (imported, or written by another tool)");
        }

        if (document.TrainMetrics is { } metrics)
        {
            Line(output, "metrics", Metrics(metrics));
        }

        if (document.ValidationMetrics is { } validation)
        {
            Line(output, "validation", Metrics(validation, "the validation data"));
        }

        if (model.Scaling is { } scaling)
        {
            Line(output, "scaling", "features standardized: " + string.Join(", ", model.FeatureNames.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{name} (mean {scaling.Mean[i]:G6}, scale {scaling.Scale[i]:G6})"))));
        }

        if (model.Inference is not null)
        {
            output.WriteLine();
            InferenceTable.Write(output, model);
        }
    }

    /// <summary>
    /// What the run used, and only that: least squares has no learning rate, epochs, optimiser or initialisation,
    /// so a model solved with it shows none of the settings its record keeps for them.
    /// </summary>
    private static void WriteTraining(TextWriter output, TrainingRecord training, int features)
    {
        var c = CultureInfo.InvariantCulture;
        var s = training.Settings;
        var scaled = s.Standardize ? ", standardized" : string.Empty;
        if (s.Solver == SolverKind.Lstsq)
        {
            Line(output, "training", string.Create(c, $"{training.Data}: {training.Rows} rows ({training.DroppedRows} dropped), final cost {Cost(training)}"));
            var through = s.Intercept ? string.Empty : ", no intercept";
            var errors = Penalty.Of(s) is { IsNone: false } exact ? $"{exact.Describe()}{(s.AlphaAuto ? " (chosen by cross-validation)" : string.Empty)}, no standard errors" : $"{InferenceJson.CovarianceWord(s.Covariance)} standard errors";
            Line(output, "method", $"lstsq: least squares solved exactly in float64{scaled}{through}, {errors}");
            return;
        }

        Line(output, "training", string.Create(c, $"{training.Data}: {training.Rows} rows ({training.DroppedRows} dropped), {training.Steps} steps, final cost {Cost(training)}"));
        var dtype = s.DType == DataType.Float32 ? string.Empty : $", dtype {Word(s.DType)}";
        Line(output, "settings", string.Create(c, $"lr {s.LearningRate:R}{(s.LearningRateAuto ? " (auto)" : string.Empty)}, epochs {s.Epochs}, seed {s.Seed}, log every {s.LogEvery}, device {Word(s.Device)}{dtype}"));
        var optimizer = s.Optimizer == OptimizerKind.Sgd && s.Momentum > 0 ? string.Create(c, $"sgd (momentum {s.Momentum:R})") : Word(s.Optimizer);
        var batch = training.Streamed ? string.Create(c, $"streamed batches of {s.BatchSize}{(s.Shuffle ? ", shuffled in each buffer" : string.Empty)}")
            : s.BatchSize is { } size && size < training.Rows ? string.Create(c, $"batches of {size}{(s.Shuffle ? ", shuffled" : string.Empty)}")
            : "full batch";

        // Files from before the run recorded it: the rule the trainer applies to in-memory runs.
        var stepCost = training.StepCost ?? (s.StepsUseMoments(training.Rows, features) ? CostSource.Moments : CostSource.Rows);
        var cost = Word(stepCost);
        var stop = s.Tolerance is { } tolerance ? string.Create(c, $", stop below {tolerance:R} for {s.Patience} epochs") : string.Empty;
        var penalty = Penalty.Of(s) is { IsNone: false } term ? $", penalty {term.Describe()}" : string.Empty;
        Line(output, "method", $"gd, {optimizer}, init {Word(s.Init)}, {batch}, cost from {cost}{scaled}{penalty}{stop}");
        if (training.OptimumCost is { } optimum)
        {
            Line(output, "optimum", string.Create(c, $"least-squares MSE {optimum:G6}"));
        }
    }

    private static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    private static void WriteStateDict(TextWriter output, string path, LinearStateDict stateDict)
    {
        var names = Enumerable.Range(1, stateDict.Weights.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"x{i}")).ToArray();
        Line(output, "file", path);
        Line(output, "format", $"{PyTorchFile.Describe(stateDict.Format)} state_dict of nn.Linear({stateDict.Weights.Count}, 1), {stateDict.DataType}");
        Line(output, "tensors", string.Create(CultureInfo.InvariantCulture, $"{stateDict.WeightKey} [1, {stateDict.Weights.Count}], {stateDict.BiasKey} [1]"));
        Line(output, "model", $"y = {Equation(names, stateDict.Weights, stateDict.Bias)} (names as 'linreg import' gives them without --features)");
        WriteWeights(output, names, stateDict.Weights, stateDict.Bias);
        Line(output, "import", $"linreg import {path} -o model.json --features {string.Join(',', names)} --target y");
    }

    private static void WriteWeights(TextWriter output, IReadOnlyList<string> names, IReadOnlyList<double> weights, double bias, Func<int, bool>? aliased = null)
    {
        Line(output, "features", string.Create(CultureInfo.InvariantCulture, $"{names.Count} (name: weight)"));
        var width = names.Max(n => n.Length);
        for (var i = 0; i < names.Count; i++)
        {
            output.WriteLine($"  {names[i].PadRight(width)}  {(aliased?.Invoke(i) == true ? "NA (aliased)" : Exact(weights[i]))}");
        }

        Line(output, "bias", Exact(bias));
    }

    private static string Metrics(RegressionMetrics m, string data = "the training data") => string.Create(
        CultureInfo.InvariantCulture,
        $"on {data} ({m.Rows} rows): MSE {m.Mse:G6}, RMSE {m.Rmse:G6}, MAE {TrainSummary.Mae(m)}, R² {m.R2:G6}");

    private static string Equation(IReadOnlyList<string> names, IReadOnlyList<double> weights, double bias) =>
        string.Concat(names.Select((name, i) => $"{Exact(weights[i])}*{name} + ")) + Exact(bias);

    private static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The final cost in its run's dtype's shortest form: a float32 cost as float32, not widened to 17 digits.</summary>
    private static string Cost(TrainingRecord training) => training.Settings.DType == DataType.Float32
        ? ((float)training.FinalCost).ToString("R", CultureInfo.InvariantCulture)
        : Exact(training.FinalCost);

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"{(label + ":").PadRight(LabelWidth)} {value}");

    /// <summary>A PyTorch or safetensors file by its first bytes; null for anything else (JSON, or not there).</summary>
    private static TensorFileFormat? TensorFormatOf(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var head = new byte[9];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return PyTorchFile.Detect(head.AsSpan(0, read), stream.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ModelFile.Load reports a missing or unreadable file with the right words.
            return null;
        }
    }

    /// <summary>The version the file was written in, which <see cref="ModelDocument"/> does not keep.</summary>
    private static int SchemaVersionOf(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return json.RootElement.GetProperty("schemaVersion").GetInt32();
    }
}
