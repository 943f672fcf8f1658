using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Runtime;
using Linreg.Core.Solvers;
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

    /// <summary>Where progress is saved every <see cref="CheckpointEvery"/> epochs and on interruption; null saves none.</summary>
    public string? CheckpointPath { get; init; }

    public int CheckpointEvery { get; init; } = 100;

    /// <summary>A checkpoint to continue from; null starts from epoch 0.</summary>
    public string? ResumePath { get; init; }

    /// <summary>A fraction of the rows held out (seeded) for validation metrics; null holds out none.</summary>
    public double? ValidationSplit { get; init; }

    /// <summary>A separate CSV for validation metrics, read with the training data's columns by name.</summary>
    public string? ValidationPath { get; init; }

    /// <summary>Where a PNG of the cost against the step is drawn; null draws none.</summary>
    public string? PlotPath { get; init; }

    /// <summary>Read the file in chunks every epoch instead of loading it: bounded memory for files of any size.</summary>
    public bool Stream { get; init; }
}

/// <summary>What a training run produced, for the command to report (text on stderr, or --json on stdout).</summary>
public sealed record TrainOutcome(
    LinearModel Model,
    TrainingResult Result,
    RegressionMetrics TrainMetrics,
    RegressionMetrics? ValidationMetrics,
    double? OptimumCost,
    string Data,
    long DroppedRows);

/// <summary>
/// <c>linreg train</c>: load, optionally hold out validation rows and standardize, train (the lesson's loop or the
/// exact solver) with the lesson's log on stdout, then write the model, the step log and a summary on stderr.
/// </summary>
public static class TrainJob
{
    /// <summary>
    /// libtorch loads on the thread pool while the data is read, but its ~0.4 s of static initialisation runs under
    /// the dynamic loader's lock, and the reader waits for that lock whenever it loads an assembly or binds a native
    /// call for the first time (measured: a 1,000-row file took 0.25 s to read instead of 0.01 s). Small files
    /// start the load first, since it is the critical path anyway; from this size on it starts once the reader is
    /// set up, so the parse runs beside it (1M × 10 rows: 0.65 s instead of 0.8 s to load).
    /// </summary>
    private const long LargeFileBytes = 4 << 20;

    /// <param name="extraObservers">Observers of the host's own, such as a progress display.</param>
    public static TrainOutcome Run(TrainJobSettings settings, JobIO io, string createdBy, CancellationToken cancellationToken, IReadOnlyList<ITrainingObserver>? extraObservers = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        settings.Training.Validate();
        var source = DataSource.From(settings.Data, io.OpenStandardInput);
        var loadTorchFirst = source.IsStandardInput || settings.Stream || !File.Exists(source.Path) || source.Length < LargeFileBytes;
        if (loadTorchFirst)
        {
            TorchRuntime.BeginLoading();
        }

        source.EnsureReadable();
        TrainOutputs.Check(settings, source);
        if (settings.Stream)
        {
            return StreamTrainJob.Run(settings, source, io, createdBy, extraObservers ?? [], cancellationToken);
        }

        var resumeFrom = settings.ResumePath is null ? null : CheckpointFile.Load(settings.ResumePath);

        var (train, validation) = LoadData(settings, source, io, loadTorchFirst ? null : TorchRuntime.BeginLoading, cancellationToken);
        var scaling = settings.Training.Standardize ? Standardization.Fit(train) : null;
        var trainOn = scaling?.Apply(train) ?? train;
        resumeFrom?.CheckResumable(settings.ResumePath!, trainOn, settings.Training);

        var (weights, bias, result) = settings.Training.Solver == SolverKind.Lstsq
            ? Solve(trainOn, io)
            : Descend(settings, source, trainOn, resumeFrom, io, extraObservers ?? [], cancellationToken);

        var model = ToModel(train.FeatureNames, train.TargetName, weights, bias, scaling);
        var trainMetrics = RegressionMetrics.Compute(model, train);
        var validationMetrics = validation is null ? null : RegressionMetrics.Compute(model, validation);
        var optimum = settings.Training.Solver == SolverKind.Gd ? NormalEquations.OptimumCost(train) : null;
        if (settings.ModelPath is not null)
        {
            var record = new TrainingRecord(source.DisplayName, train.RowCount, train.DroppedRows, result.Epochs, result.FinalCost, settings.Training)
            {
                Steps = result.Steps,
                OptimumCost = optimum,
            };
            var document = new ModelDocument(model, record, trainMetrics, createdBy) { ValidationMetrics = validationMetrics };
            ModelFile.Save(document, settings.ModelPath, [source.FullPath]);
        }

        io.Output.Flush();
        TrainSummary.Write(io.Diagnostics, settings, train.SourceName, model, result, trainMetrics, validationMetrics, optimum);
        return new TrainOutcome(model, result, trainMetrics, validationMetrics, optimum, source.DisplayName, train.DroppedRows);
    }

    private static (Dataset Train, Dataset? Validation) LoadData(TrainJobSettings settings, DataSource source, JobIO io, Action? readerReady, CancellationToken cancellationToken)
    {
        var data = CsvDatasetLoader.Load(source, settings.Format, settings.Columns, settings.Missing, cancellationToken, readerReady);
        if (data.DroppedRows > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: skipped {data.DroppedRows} row(s) of {data.SourceName} with missing or non-numeric values (--missing drop)"));
        }

        if (settings.ValidationPath is not null)
        {
            var validationSource = DataSource.From(settings.ValidationPath, io.OpenStandardInput);
            validationSource.EnsureReadable();
            var columns = new ColumnSelection(data.TargetName, data.FeatureNames);
            return (data, CsvDatasetLoader.Load(validationSource, settings.Format, columns, settings.Missing, cancellationToken));
        }

        return settings.ValidationSplit is { } fraction ? DatasetSplit.Split(data, fraction, settings.Training.Seed) : (data, null);
    }

    private static (float[] Weights, float Bias, TrainingResult Result) Solve(Dataset data, JobIO io)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var (weights, bias) = LeastSquares.Solve(data);
        var floats = weights.Select(w => (float)w).ToArray();
        var cost = (float)RegressionMetrics.Compute(new LinearModel(data.FeatureNames, data.TargetName, floats, (float)bias), data).Mse;
        io.Output.WriteLine("lstsq " + LessonLogFormat.Parameters(floats, (float)bias, cost));
        return (floats, (float)bias, new TrainingResult(floats, (float)bias, cost, 0, 0, false, stopwatch.Elapsed));
    }

    private static (float[] Weights, float Bias, TrainingResult Result) Descend(
        TrainJobSettings settings, DataSource source, Dataset data, Checkpoint? resumeFrom, JobIO io, IReadOnlyList<ITrainingObserver> extraObservers, CancellationToken cancellationToken)
    {
        var batched = settings.Training.BatchSize is { } size && size < data.RowCount;
        using var observers = new RunObservers(settings, source, data.FeatureCount, batched, io, extraObservers);
        var checkpoint = settings.CheckpointPath is null ? null : new CheckpointObserver(settings.CheckpointPath, settings.CheckpointEvery, data, settings.Training, [source.FullPath]);
        if (checkpoint is not null)
        {
            observers.Add(checkpoint);
        }

        TrainingResult result;
        try
        {
            result = Trainer.Train(data, settings.Training, observers.All, cancellationToken, resumeFrom?.ToStart());
        }
        catch (LinregException e) when (e.Code == ExitCode.Interrupted && checkpoint?.SavedNextEpoch is { } next)
        {
            throw new LinregException(e.Code, $"{e.Message}; progress up to epoch {next} is saved in {checkpoint.Path}: continue with --resume {checkpoint.Path}", e);
        }

        observers.Complete();
        return (result.Weights, result.Bias, result);
    }

    internal static LinearModel ToModel(IReadOnlyList<string> featureNames, string targetName, float[] weights, float bias, Standardization? scaling)
    {
        if (scaling is null)
        {
            return new LinearModel(featureNames, targetName, weights, bias);
        }

        var (original, originalBias) = scaling.ToOriginalUnits(weights, bias);
        return new LinearModel(featureNames, targetName, original, originalBias)
        {
            Scaling = new ModelScaling(scaling.Mean, scaling.Scale, weights, bias),
        };
    }
}
