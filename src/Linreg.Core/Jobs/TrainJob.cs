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
/// <c>linreg train</c>: open the data once, read it (into memory, or a buffer at a time every epoch with --stream),
/// train (the lesson's loop or the exact solver) with the lesson's log on stdout, then write the model, the step
/// log and a summary on stderr.
/// </summary>
public static class TrainJob
{
    /// <param name="extraObservers">Observers of the host's own, such as a progress display.</param>
    public static TrainOutcome Run(TrainJobSettings settings, JobIO io, string createdBy, CancellationToken cancellationToken, IReadOnlyList<ITrainingObserver>? extraObservers = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        settings.Training.Validate();
        var source = io.Source(settings.Data);
        // The exact solver is plain arithmetic: libtorch's load (~0.4 s of CPU, ~140 MiB) would buy it nothing.
        var needsTorch = settings.Training.Solver == SolverKind.Gd;
        if (needsTorch)
        {
            TorchWarmUp.BeforeReading(source, settings.Stream);
        }

        source.EnsureReadable();
        TrainOutputs.Check(settings, source);
        var resumeFrom = settings.ResumePath is null ? null : CheckpointFile.Load(settings.ResumePath);

        using var table = TableReader.Open(source, settings.Format, settings.Missing);
        if (needsTorch)
        {
            TorchWarmUp.ReaderReady();
        }
        if (settings.Stream && !table.CanReadAgain)
        {
            throw new LinregException(ExitCode.UsageError, $"--stream: {source.DisplayName} can be read only once (a pipe or FIFO), and a stream reads the file again every epoch; give a regular file");
        }

        var (features, target) = table.SelectColumns(settings.Columns);
        using var validation = OpenValidationFile(settings, table, features, target, io);
        var fit = settings.Stream
            ? TrainStreamed(settings, table, [.. features, target], io, extraObservers ?? [], cancellationToken)
            : TrainInMemory(settings, table, features, target, resumeFrom, io, extraObservers ?? [], cancellationToken);

        if (validation is not null)
        {
            fit = fit with { ValidationMetrics = Measure(fit.Model, validation, cancellationToken) };
        }

        if (settings.ModelPath is not null)
        {
            var record = new TrainingRecord(source.DisplayName, (int)Math.Min(fit.Rows, int.MaxValue), fit.Dropped, fit.Result.Epochs, fit.Result.FinalCost, fit.Training)
            {
                Steps = fit.Result.Steps,
                OptimumCost = fit.Optimum,
                StepCost = settings.Training.Solver == SolverKind.Gd ? (fit.Result.UsedMoments ? CostSource.Moments : CostSource.Rows) : null,
                Streamed = settings.Stream,
            };
            var document = new ModelDocument(fit.Model, record, fit.TrainMetrics, createdBy) { ValidationMetrics = fit.ValidationMetrics };
            ModelFile.Save(document, settings.ModelPath, TrainOutputs.Inputs(settings, source));
        }

        io.Output.Flush();
        TrainSummary.Write(io.Diagnostics, settings, source.DisplayName, fit.Model, fit.Result, fit.TrainMetrics, fit.ValidationMetrics, fit.Optimum);
        return new TrainOutcome(fit.Model, fit.Result, fit.TrainMetrics, fit.ValidationMetrics, fit.Optimum, source.DisplayName, fit.Dropped);
    }

    /// <summary>The rows in memory: optionally a validation split and standardization, then the loop or the exact solver.</summary>
    private static Fit TrainInMemory(
        TrainJobSettings settings, TableReader table, int[] features, int target, Checkpoint? resumeFrom, JobIO io, IReadOnlyList<ITrainingObserver> extraObservers, CancellationToken cancellationToken)
    {
        var data = table.Load(features, target, cancellationToken);
        if (data.DroppedRows > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: skipped {data.DroppedRows} row(s) of {data.SourceName} with missing or non-numeric values (--missing drop)"));
        }

        var (train, validation) = settings.ValidationSplit is { } fraction ? DatasetSplit.Split(data, fraction, settings.Training.Seed) : (data, null);
        var scaling = settings.Training.Standardize ? Standardization.Fit(train) : null;
        var trainOn = scaling?.Apply(train) ?? train;
        resumeFrom?.CheckResumable(settings.ResumePath!, trainOn, settings.Training);
        if (settings.Training.Solver == SolverKind.Gd && settings.Training.DType == DataType.Float32)
        {
            Float32Data.Check(trainOn);
        }

        if (settings.Training.Solver == SolverKind.Lstsq)
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var exact = ExactLeastSquares.Fit(train, settings.Training.Intercept, settings.Training.Covariance, settings.Training.Level, cancellationToken, settings.Training.RankTolerance);
            var exactModel = ExactReport.Model(exact, train.FeatureNames, train.TargetName);
            var exactMetrics = RegressionMetrics.Compute(exactModel, train);
            ExactReport.Write(exactModel, exact, exactMetrics, io);
            return new Fit(exactModel, ExactReport.Result(exactMetrics, stopwatch.Elapsed), settings.Training, exactMetrics, validation is null ? null : RegressionMetrics.Compute(exactModel, validation), null, train.RowCount, train.DroppedRows);
        }

        var (weights, bias, result) = Descend(settings, settings.Training, table.Source, new DatasetBatches(trainOn, settings.Training), trainOn, resumeFrom, io, extraObservers, cancellationToken);
        var model = ToModel(train.FeatureNames, train.TargetName, weights, bias, scaling);
        var validationMetrics = validation is null ? null : RegressionMetrics.Compute(model, validation);
        var optimum = ExactLeastSquares.OptimumCost(train, cancellationToken);
        return new Fit(model, result, settings.Training, RegressionMetrics.Compute(model, train), validationMetrics, optimum, train.RowCount, train.DroppedRows);
    }

    /// <summary>
    /// Every epoch reads the file again a buffer at a time; standardization and the metrics take one pass each. The
    /// exact solver folds the rows in one pass (two for a robust covariance), then the metrics take one.
    /// </summary>
    private static Fit TrainStreamed(TrainJobSettings settings, TableReader table, int[] columns, JobIO io, IReadOnlyList<ITrainingObserver> extraObservers, CancellationToken cancellationToken)
    {
        if (settings.Training.Solver == SolverKind.Lstsq)
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var (exact, dropped) = ExactLeastSquares.Fit(table, columns, settings.Training.Intercept, settings.Training.Covariance, settings.Training.Level, cancellationToken, settings.Training.RankTolerance);
            var exactModel = ExactReport.Model(exact, [.. columns[..^1].Select(i => table.ColumnNames[i])], table.ColumnNames[columns[^1]]);
            var exactMetrics = MetricsPass.Compute(exactModel, table, columns, cancellationToken).Metrics!;
            ExactReport.Write(exactModel, exact, exactMetrics, io);
            return new Fit(exactModel, ExactReport.Result(exactMetrics, stopwatch.Elapsed), settings.Training, exactMetrics, null, null, exactMetrics.Rows, dropped);
        }

        var scaling = settings.Training.Standardize ? Standardization.Fit(table, columns, cancellationToken) : null;
        var training = settings.Training with { BatchSize = settings.Training.BatchSize ?? StreamedBatches.DefaultBatchSize };
        var batches = StreamedBatches.Create(table, columns, scaling, training);
        var (weights, bias, result) = Descend(settings, training, table.Source, batches, checkpointData: null, resumeFrom: null, io, extraObservers, cancellationToken);
        var model = ToModel([.. columns[..^1].Select(i => table.ColumnNames[i])], table.ColumnNames[columns[^1]], weights, bias, scaling);
        var trainMetrics = MetricsPass.Compute(model, table, columns, cancellationToken).Metrics!;
        return new Fit(model, result, training, trainMetrics, null, null, batches.Rows, batches.DroppedRows);
    }

    /// <summary>
    /// --validation FILE, opened before training so that a file without the training columns fails first; read with
    /// the training data's columns by name.
    /// </summary>
    private static TableReader? OpenValidationFile(TrainJobSettings settings, TableReader training, int[] features, int target, JobIO io)
    {
        if (settings.ValidationPath is null)
        {
            return null;
        }

        var source = io.Source(settings.ValidationPath);
        source.EnsureReadable();
        var table = TableReader.Open(source, settings.Format, settings.Missing);
        try
        {
            _ = table.SelectColumns(new ColumnSelection(training.ColumnNames[target], [.. features.Select(i => training.ColumnNames[i])]));
            return table;
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    /// <summary>The model's metrics on a validation table, in one pass.</summary>
    private static RegressionMetrics Measure(LinearModel model, TableReader table, CancellationToken cancellationToken)
    {
        var (features, target) = table.SelectColumns(new ColumnSelection(model.TargetName, model.FeatureNames));
        return MetricsPass.Compute(model, table, [.. features, target], cancellationToken).Metrics
            ?? throw new LinregException(ExitCode.DataError, $"{table.Source.DisplayName}: no rows to validate on");
    }

    /// <summary>The lesson's loop over any batch source, with the run's observers; checkpoints need the data in memory.</summary>
    /// <returns>The parameters (a float32 run's widened to double, exactly), and the run's result.</returns>
    private static (double[] Weights, double Bias, TrainingResult Result) Descend(
        TrainJobSettings settings,
        TrainSettings training,
        DataSource source,
        IBatchSource batches,
        Dataset? checkpointData,
        Checkpoint? resumeFrom,
        JobIO io,
        IReadOnlyList<ITrainingObserver> extraObservers,
        CancellationToken cancellationToken)
    {
        using var owned = batches;
        using var observers = new RunObservers(settings, source, batches.FeatureCount, batched: batches.BatchCount != 1, io, extraObservers);
        var checkpoint = settings.CheckpointPath is null || checkpointData is null ? null : new CheckpointObserver(settings.CheckpointPath, settings.CheckpointEvery, checkpointData, training, TrainOutputs.Inputs(settings, source));
        if (checkpoint is not null)
        {
            observers.Add(checkpoint);
        }

        TrainingResult result;
        try
        {
            result = Trainer.Train(batches, training, observers.All, cancellationToken, resumeFrom?.ToStart());
        }
        catch (LinregException e) when (e.Code == ExitCode.Interrupted && checkpoint?.SavedNextEpoch is { } next)
        {
            throw new LinregException(e.Code, $"{e.Message}; progress up to epoch {next} is saved in {checkpoint.Path}: continue with --resume {checkpoint.Path}", e);
        }

        observers.Complete();
        return ([.. result.Weights], result.Bias, result);
    }

    internal static LinearModel ToModel(IReadOnlyList<string> featureNames, string targetName, IReadOnlyList<double> weights, double bias, Standardization? scaling)
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

    /// <summary>What either way of training hands to the job's tail.</summary>
    /// <param name="Training">The settings as the run used them (a stream fills in its batch size).</param>
    private sealed record Fit(LinearModel Model, TrainingResult Result, TrainSettings Training, RegressionMetrics TrainMetrics, RegressionMetrics? ValidationMetrics, double? Optimum, long Rows, long Dropped);
}
