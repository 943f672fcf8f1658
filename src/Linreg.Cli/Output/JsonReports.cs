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
        json.WriteStartArray("weights");
        for (var i = 0; i < outcome.Model.FeatureCount; i++)
        {
            if (outcome.Model.IsAliased(i))
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteNumberValue(outcome.Model.Weights[i]);
            }
        }

        json.WriteEndArray();
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
        TrainSettingsJson.Write(json, settings.Training);
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
