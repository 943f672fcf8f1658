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

    /// <summary>Where progress is saved every <see cref="CheckpointEvery"/> steps and on interruption; null saves none.</summary>
    public string? CheckpointPath { get; init; }

    public int CheckpointEvery { get; init; } = 100;

    /// <summary>A checkpoint to continue from; null starts from step 0.</summary>
    public string? ResumePath { get; init; }
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
        var resumeFrom = settings.ResumePath is null ? null : CheckpointFile.Load(settings.ResumePath);

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

        var checkpoint = settings.CheckpointPath is null ? null : new CheckpointObserver(settings.CheckpointPath, settings.CheckpointEvery, data, settings.Training, [source.FullPath]);
        if (checkpoint is not null)
        {
            observers.Add(checkpoint);
        }

        resumeFrom?.CheckResumable(settings.ResumePath!, data, settings.Training);
        TrainingResult result;
        try
        {
            result = Trainer.Train(data, settings.Training, observers, cancellationToken, resumeFrom?.ToStart());
        }
        catch (LinregException e) when (e.Code == ExitCode.Interrupted && checkpoint?.SavedNextEpoch is { } next)
        {
            throw new LinregException(e.Code, $"{e.Message}; progress up to step {next} is saved in {checkpoint.Path}: continue with --resume {checkpoint.Path}", e);
        }

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
        if (settings.CheckpointEvery < 1)
        {
            throw new LinregException(ExitCode.UsageError, $"--checkpoint-every must be at least 1 (got {settings.CheckpointEvery})");
        }

        var outputs = new (string Option, string? Path)[] { ("--model", settings.ModelPath), ("--log", settings.StepLogPath), ("--checkpoint", settings.CheckpointPath) }
            .Where(o => o.Path is not null)
            .ToArray();
        foreach (var (option, path) in outputs)
        {
            AtomicFile.CheckDestination(path!, option, [source.FullPath]);
        }

        var clash = outputs.GroupBy(o => Path.GetFullPath(o.Path!)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new LinregException(ExitCode.UsageError, $"{string.Join(" and ", clash.Select(o => o.Option))} name the same file {clash.First().Path}; give each its own");
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
