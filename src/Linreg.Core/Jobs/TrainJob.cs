using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.IO;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Runtime;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

public sealed record TrainJobSettings
{
    public required string Data { get; init; }

    public CsvFormat Format { get; init; } = CsvFormat.Default;

    public ColumnSelection Columns { get; init; } = ColumnSelection.Default;

    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;

    public TrainSettings Training { get; init; } = new();

    /// <summary>Where the model is written; null writes none.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Where every step's weights, bias and cost go as CSV; null writes none.</summary>
    public string? StepLogPath { get; init; }
}

/// <summary><c>linreg train</c>: load, train with the lesson's log on stdout, then write the model and the step log.</summary>
public static class TrainJob
{
    public static void Run(TrainJobSettings settings, JobIO io, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        settings.Training.Validate();
        TorchRuntime.BeginLoading();
        var source = DataSource.From(settings.Data, io.OpenStandardInput);
        source.EnsureReadable();
        CheckOutputs(settings, source);

        var data = CsvDatasetLoader.Load(source, settings.Format, settings.Columns, settings.Missing, cancellationToken);
        if (data.DroppedRows > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: skipped {data.DroppedRows} row(s) with missing or non-numeric values (--missing drop)"));
        }

        using var stepLog = settings.StepLogPath is null ? null : AtomicFile.Create(settings.StepLogPath, "--log", [source.FullPath]);
        var observers = new List<ITrainingObserver> { new LessonLogObserver(io.Output, settings.Training.LogEvery) };
        if (stepLog is not null)
        {
            observers.Add(new StepLogObserver(stepLog.Writer, data.FeatureCount));
        }

        var result = Trainer.Train(data, settings.Training, observers, cancellationToken);
        var model = new LinearModel(data.FeatureNames, data.TargetName, result.Weights, result.Bias);
        var metrics = RegressionMetrics.Compute(model, data);
        if (settings.ModelPath is not null)
        {
            var record = new TrainingRecord(source.DisplayName, data.RowCount, data.DroppedRows, result.Steps, result.FinalCost, settings.Training);
            ModelFile.Save(new ModelDocument(model, record, metrics, createdBy), settings.ModelPath, [source.FullPath]);
        }

        stepLog?.Commit();
        io.Output.Flush();
        WriteSummary(io.Diagnostics, settings, data, result, metrics);
    }

    private static void CheckOutputs(TrainJobSettings settings, DataSource source)
    {
        if (settings.ModelPath is not null)
        {
            AtomicFile.CheckDestination(settings.ModelPath, "--model", [source.FullPath]);
        }

        if (settings.StepLogPath is not null)
        {
            AtomicFile.CheckDestination(settings.StepLogPath, "--log", [source.FullPath]);
            if (settings.ModelPath is not null && Path.GetFullPath(settings.ModelPath) == Path.GetFullPath(settings.StepLogPath))
            {
                throw new LinregException(ExitCode.UsageError, $"--model and --log both name {settings.StepLogPath}; give them different files");
            }
        }
    }

    private static void WriteSummary(TextWriter diagnostics, TrainJobSettings settings, Dataset data, TrainingResult result, RegressionMetrics metrics)
    {
        var terms = string.Concat(data.FeatureNames.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{result.Weights[i]:G6}*{name} + ")));
        diagnostics.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"linreg: trained {result.Steps} steps on {data.RowCount} rows of {data.SourceName} in {result.Elapsed.TotalSeconds:F2} s: {data.TargetName} = {terms}{result.Bias:G6}; train MSE {metrics.Mse:G6}, R² {metrics.R2:F4}"));
        diagnostics.WriteLine(settings.ModelPath is null
            ? "linreg: no model written (add --model PATH to save it for 'linreg predict')"
            : $"linreg: model written to {settings.ModelPath}");
    }
}
