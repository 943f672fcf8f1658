using System.Text.Json;
using Linreg.Core.Jobs;
using Linreg.Core.Metrics;
using Linreg.Core.Models;

namespace Linreg.Cli.Output;

/// <summary>The --json documents: one JSON object on stdout, field names stable for scripts and camelCase, as in model files.</summary>
internal static class JsonReports
{
    public static void WriteTrain(TextWriter output, TrainOutcome outcome, TrainJobSettings settings) => Write(output, json =>
    {
        json.WriteStartObject();
        json.WriteString("data", outcome.Data);
        json.WriteString("target", outcome.Model.TargetName);
        json.WriteStartArray("features");
        foreach (var name in outcome.Model.FeatureNames)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        if (outcome.WeightColumn is { } weightColumn)
        {
            json.WriteString("weightColumn", weightColumn);
        }

        ModelFile.WriteWeights(json, outcome.Model);
        json.WriteNumber("bias", outcome.Model.Bias);
        if (outcome.Model.Inference is { } inference)
        {
            InferenceJson.Write(json, inference, withBasis: false);
        }

        ModelFile.WriteFinite(json, "finalCost", outcome.Result.FinalCost);
        json.WriteNumber("epochs", outcome.Result.Epochs);
        json.WriteNumber("steps", outcome.Result.Steps);
        json.WriteBoolean("stoppedEarly", outcome.Result.StoppedEarly);
        json.WriteNumber("seconds", Math.Round(outcome.Result.Elapsed.TotalSeconds, 4));
        // What the run used; settings.costFrom holds what was asked for (auto).
        json.WriteString("costFrom", outcome.Result.UsedMoments ? "moments" : "rows");
        if (outcome.OptimumCost is { } optimum)
        {
            json.WriteNumber("optimumCost", optimum);
        }

        json.WriteNumber("droppedRows", outcome.DroppedRows);
        json.WriteStartObject("metrics");
        ModelFile.WriteMetrics(json, "train", outcome.TrainMetrics);
        ModelFile.WriteMetrics(json, "validation", outcome.ValidationMetrics);
        json.WriteEndObject();
        if (outcome.CrossValidation is { } cv)
        {
            WriteCrossValidation(json, cv);
        }

        TrainSettingsJson.Write(json, outcome.Training ?? settings.Training);
        if (settings.ModelPath is null)
        {
            json.WriteNull("model");
        }
        else
        {
            json.WriteString("model", settings.ModelPath);
        }

        json.WriteEndObject();
    });

    /// <summary>
    /// <c>"crossValidation": {"folds": [{"mse", "rmse", "mae", "r2", "rows"}], "mean": {…}, "std": {…}}</c> (std: the
    /// sample standard deviation over the folds), and with --alpha auto its search: the path, each alpha's mean MSE
    /// and standard error, the best and the one-standard-error alpha.
    /// </summary>
    private static void WriteCrossValidation(Utf8JsonWriter json, CrossValidationReport cv)
    {
        json.WriteStartObject("crossValidation");
        json.WriteBoolean("shuffled", cv.Shuffled);
        json.WriteStartArray("folds");
        foreach (var fold in cv.Folds)
        {
            json.WriteStartObject();
            Summary(fold.Mse, fold.Rmse, fold.Mae, fold.R2);
            json.WriteNumber("rows", fold.Rows);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        foreach (var (name, summary) in new[] { ("mean", cv.Mean), ("std", cv.StandardDeviation) })
        {
            json.WriteStartObject(name);
            Summary(summary.Mse, summary.Rmse, summary.Mae, summary.R2);
            json.WriteEndObject();
        }

        if (cv.Search is { } search)
        {
            json.WriteStartObject("alphaSearch");
            json.WriteNumber("alpha", search.BestAlpha);
            json.WriteNumber("alphaOneStandardError", search.OneStandardErrorAlpha);
            Numbers("alphas", search.Alphas);
            Numbers("meanMse", search.MeanMse);
            Numbers("standardError", search.StandardError);
            json.WriteEndObject();
        }

        json.WriteEndObject();

        void Summary(double mse, double rmse, double mae, double r2)
        {
            ModelFile.WriteFinite(json, "mse", mse);
            ModelFile.WriteFinite(json, "rmse", rmse);
            ModelFile.WriteFinite(json, "mae", mae);
            ModelFile.WriteFinite(json, "r2", r2);
        }

        void Numbers(string name, IReadOnlyList<double> values)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }
    }

    /// <summary>
    /// evaluate --json: <c>{"metrics": {"rows": …, "mse": …, "rmse": …, "mae": …, "r2": …}}</c>, and the model's
    /// "inference" (its fit on its training data) when it has one.
    /// </summary>
    public static void WriteEvaluation(TextWriter output, EvaluateOutcome outcome) => Write(output, json =>
    {
        json.WriteStartObject();
        ModelFile.WriteMetrics(json, "metrics", outcome.Metrics);
        if (outcome.Model.Inference is { } inference)
        {
            InferenceJson.Write(json, inference, withBasis: false);
        }

        json.WriteEndObject();
    });

    private static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }
}
