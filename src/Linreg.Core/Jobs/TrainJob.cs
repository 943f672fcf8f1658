using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Runtime;
using Linreg.Core.Solvers;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>
/// <c>linreg train</c>: open the data once (one file or several, read as one table), read it (into memory, or a
/// buffer at a time every epoch with --stream), train (the lesson's loop or the exact solver) with the lesson's log
/// on stdout, then write the model, the step log and a summary on stderr. With --from-stats, <see cref="TrainFromStats"/>
/// fits from statistics files instead of rows.
/// </summary>
public static partial class TrainJob
{
    /// <param name="extraObservers">Observers of the host's own, such as a progress display.</param>
    public static TrainOutcome Run(TrainJobSettings settings, JobIO io, string createdBy, CancellationToken cancellationToken, IReadOnlyList<ITrainingObserver>? extraObservers = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        var formula = settings.Formula is { } text ? Design.Formula.Parse(text) : null;
        settings = Design.DesignLoad.Check(settings, formula);

        settings.Training.Validate();
        TrainOutputs.RefuseWeighted(settings);
        if (settings.FromStats.Count > 0)
        {
            return TrainFromStats.Run(settings, io, createdBy, cancellationToken);
        }

        if (settings.Data.Count == 0)
        {
            throw new LinregException(ExitCode.UsageError, "train needs DATA (a CSV file, several, a quoted pattern such as 'parts/*.csv', or - for standard input) or --from-stats FILES");
        }

        DataSource[] sources = [.. DataPaths.Expand(settings.Data, "DATA").Select(io.Source)];

        // The exact solver is plain arithmetic: libtorch's load (~0.4 s of CPU, ~140 MiB) would buy it nothing.
        var needsTorch = settings.Training.Solver == SolverKind.Gd;
        if (needsTorch)
        {
            TorchWarmUp.BeforeReading(sources[0], settings.Stream);
        }

        foreach (var source in sources)
        {
            source.EnsureReadable();
        }

        TrainOutputs.Check(settings, sources);
        var resumeFrom = settings.ResumePath is null ? null : CheckpointFile.Load(settings.ResumePath);

        using var tables = TableSet.Open(sources, settings.Format, settings.Missing, settings.Columns);
        if (needsTorch)
        {
            TorchWarmUp.ReaderReady();
        }

        if (settings.Stream && tables.Tables.FirstOrDefault(t => !t.CanReadAgain) is { } once)
        {
            throw new LinregException(ExitCode.UsageError, $"--stream: {once.Source.DisplayName} can be read only once (a pipe or FIFO), and a stream reads the file again every epoch; give a regular file");
        }

        // A stream reads text as categories only when asked (a formula, --categorical): a design costs it a pass more.
        var design = settings.Stream && formula is null && settings.Categorical.Count == 0 ? null : Design.DesignLoad.Plan(formula, settings.Categorical, settings.Training.Intercept, tables);
        using var validation = OpenValidationFile(settings, tables.FeatureNames, tables.TargetName, tables.WeightName, io);
        var fit = settings.Stream
            ? TrainStreamed(settings, tables, design, io, extraObservers ?? [], cancellationToken)
            : TrainInMemory(settings, tables, design, resumeFrom, io, extraObservers ?? [], cancellationToken);
        if (design?.Design is { } used)
        {
            fit = fit with { Model = fit.Model with { Design = used } };
        }

        fit = fit with { WeightColumn = tables.WeightName };
        return Finish(settings, io, createdBy, fit, validation, tables.DisplayName, TrainOutputs.Inputs(settings, tables.FullPaths), cancellationToken);
    }

    /// <summary>What every way of training ends with: validation metrics, the model file, the summary.</summary>
    /// <param name="inputs">The run's input files, which the model must never replace.</param>
    internal static TrainOutcome Finish(TrainJobSettings settings, JobIO io, string createdBy, TrainFit fit, TableReader? validation, string data, IReadOnlyList<string?> inputs, CancellationToken cancellationToken)
    {
        if (validation is not null)
        {
            fit = fit with { ValidationMetrics = Measure(fit.Model, validation, fit.WeightColumn, cancellationToken) };
        }

        if (settings.ModelPath is not null)
        {
            var record = new TrainingRecord(data, (int)Math.Min(fit.Rows, int.MaxValue), fit.Dropped, fit.Result.Epochs, fit.Result.FinalCost, fit.Training)
            {
                Steps = fit.Result.Steps,
                OptimumCost = fit.Optimum,
                StepCost = settings.Training.Solver == SolverKind.Gd ? (fit.Result.UsedMoments ? CostSource.Moments : CostSource.Rows) : null,
                Streamed = settings.Stream,
                WeightColumn = fit.WeightColumn,
            };
            var document = new ModelDocument(fit.Model, record, fit.TrainMetrics, createdBy) { ValidationMetrics = fit.ValidationMetrics };
            ModelFile.Save(document, settings.ModelPath, inputs);
        }

        if (fit.CrossValidation?.Search is { } search && settings.PlotPath is not null)
        {
            Plots.CvPlot.Save(search, settings.PlotPath, inputs, Penalty.Of(fit.Training).Name, cancellationToken: cancellationToken);
        }

        io.Output.Flush();
        TrainSummary.Write(io.Diagnostics, settings with { Training = fit.Training }, data, fit.Model, fit.Result, fit.TrainMetrics, fit.ValidationMetrics, fit.Optimum, fit.Achieved, fit.WeightColumn);
        return new TrainOutcome(fit.Model, fit.Result, fit.TrainMetrics, fit.ValidationMetrics, fit.Optimum, data, fit.Dropped) { Training = fit.Training, CrossValidation = fit.CrossValidation, WeightColumn = fit.WeightColumn };
    }

    /// <summary>The rows in memory: optionally a validation split and standardization, then the loop or the exact solver.</summary>
    private static TrainFit TrainInMemory(
        TrainJobSettings settings, TableSet tables, Design.DesignLoad? design, Checkpoint? resumeFrom, JobIO io, IReadOnlyList<ITrainingObserver> extraObservers, CancellationToken cancellationToken)
    {
        var data = tables.Load(cancellationToken);
        data = design?.Apply(data, tables, settings.Missing, io.Diagnostics) ?? data;
        if (data.DroppedRows > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: skipped {data.DroppedRows} row(s) of {data.SourceName} with missing or non-numeric values (--missing drop)"));
        }

        var (train, validation) = settings.ValidationSplit is { } fraction ? DatasetSplit.Split(data, fraction, settings.Training.Seed) : (data, null);
        var training = settings.Training;
        var folds = training.AlphaAuto || training.CvFolds is not null ? CrossValidation.Cut(train, training) : null;
        PenaltySearch? search = null;
        if (training.AlphaAuto)
        {
            search = PenaltySearch.Run(train, folds!, Penalty.Of(training), training.Standardize, training.Intercept, cancellationToken);
            training = training with { Alpha = search.BestAlpha };
        }

        CrossValidationReport? CrossValidate(TrainSettings resolved)
        {
            var report = folds is null ? null : CrossValidation.Run(train, folds, resolved, search, cancellationToken);
            if (report is not null)
            {
                CrossValidation.Write(io.Diagnostics, report, resolved);
            }

            return report;
        }

        if (training.Solver == SolverKind.Lstsq)
        {
            var cv = CrossValidate(training);
            return SolveInMemory(train, validation, training, io, cancellationToken) with { CrossValidation = cv };
        }

        var scaling = training.Standardize ? Standardization.Fit(train) : null;
        var trainOn = scaling?.Apply(train) ?? train;
        if (training.DType == DataType.Float32)
        {
            Float32Data.Check(trainOn);
        }

        training = DescentPlan.Prepare(training, train.Moments, fullBatch: training.BatchSize is not { } size || size >= train.RowCount, io.Diagnostics);
        resumeFrom?.CheckResumable(settings.ResumePath!, trainOn, training);
        var crossValidation = CrossValidate(training);
        var (weights, bias, result) = Descend(settings, training, TrainOutputs.Inputs(settings, tables.FullPaths), new DatasetBatches(trainOn, training), trainOn, resumeFrom, new DescentStart(scaling?.TargetMean ?? 0, trainOn.RowCount), io, extraObservers, cancellationToken);
        var model = ToModel(train.FeatureNames, train.TargetName, weights, bias, scaling);
        var validationMetrics = validation is null ? null : RegressionMetrics.Compute(model, validation);
        var metrics = RegressionMetrics.Compute(model, train);
        var (optimum, achieved) = Optimum(train, training, weights, metrics, cancellationToken);
        return new TrainFit(model, result, training, metrics, validationMetrics, optimum, achieved, train.RowCount, train.DroppedRows) { CrossValidation = crossValidation };
    }

    /// <summary>
    /// Every epoch reads the file again a buffer at a time; standardization and the metrics take one pass each. The
    /// exact solver folds the rows of every file in one pass (two for a robust covariance), and its metrics follow from the fit.
    /// </summary>
    private static TrainFit TrainStreamed(TrainJobSettings settings, TableSet tables, Design.DesignLoad? design, JobIO io, IReadOnlyList<ITrainingObserver> extraObservers, CancellationToken cancellationToken)
    {
        var training = settings.Training;
        if (training.Solver == SolverKind.Lstsq)
        {
            return SolveStreamed(tables, design, training, io, cancellationToken);
        }

        // TrainOutputs refuses several files here: a stream reads one file every epoch.
        var table = tables.Tables[0];
        var columns = tables.Columns;
        var scaling = training.Standardize ? Standardization.Fit(table, columns[..(tables.FeatureNames.Count + 1)], cancellationToken) : null;
        training = training with { BatchSize = training.BatchSize ?? StreamedBatches.DefaultBatchSize };
        long rows = 0;
        double? weightScale = null;

        // The curvature costs a pass of its own, so a stream takes it only when something needs it: --lr auto, a
        // penalty, or weights, which are scaled to mean 1 before the first step as in memory.
        var needsCurvature = training.LearningRateAuto || !Penalty.Of(training).IsNone;
        if (needsCurvature || tables.WeightName is not null)
        {
            var stats = ExactLeastSquares.Summarise(tables, intercept: true, cancellationToken);
            var moments = DataMoments.FromFactor(stats.Rows > 0 ? stats.Qr : throw NoRows(tables));
            weightScale = tables.WeightName is null ? null : stats.Qr.Rows / stats.Qr.SumWeights;
            if (needsCurvature)
            {
                training = DescentPlan.Prepare(training, moments, fullBatch: training.BatchSize >= moments.Rows, io.Diagnostics);
                rows = moments.Rows;
            }
        }

        var batches = StreamedBatches.Create(table, columns, scaling, training, weightScale);
        var (weights, bias, result) = Descend(settings, training, TrainOutputs.Inputs(settings, tables.FullPaths), batches, checkpointData: null, resumeFrom: null, new DescentStart(scaling?.TargetMean ?? 0, rows), io, extraObservers, cancellationToken);
        var model = ToModel(tables.FeatureNames, tables.TargetName, weights, bias, scaling);
        var trainMetrics = MetricsPass.Compute(model, table, columns, cancellationToken).Metrics!;
        var achieved = trainMetrics.Mse + Penalty.Of(training).OnMse(weights, trainMetrics.Rows);
        return new TrainFit(model, result, training, trainMetrics, null, null, achieved, batches.Rows, batches.DroppedRows);
    }

    /// <summary>
    /// --validation FILE, opened before training so that a file without the training columns fails first; read with
    /// the training data's columns by name, the weights' too: a weighted fit is validated with weighted metrics.
    /// </summary>
    internal static TableReader? OpenValidationFile(TrainJobSettings settings, IReadOnlyList<string> featureNames, string targetName, string? weightName, JobIO io)
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
            _ = table.SelectColumns(new ColumnSelection(targetName, featureNames, weightName));
            return table;
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    /// <summary>The model's metrics on a validation table, in one pass.</summary>
    private static RegressionMetrics Measure(LinearModel model, TableReader table, string? weightName, CancellationToken cancellationToken)
    {
        int? weights = weightName is null ? null : table.WeightColumn(new ColumnSelection(Weights: weightName));
        var (features, target) = model.Design is null
            ? table.SelectColumns(new ColumnSelection(model.TargetName, model.FeatureNames, weightName))
            : (ModelColumns.Features(model, table, table.Source.DisplayName), ModelColumns.Target(model, table, table.Source.DisplayName));
        int[] wanted = weights is { } w ? [.. features, target, w] : [.. features, target];
        return MetricsPass.Compute(model, table, wanted, cancellationToken).Metrics
            ?? throw new LinregException(ExitCode.DataError, $"{table.Source.DisplayName}: no rows to validate on");
    }

    /// <summary>The lesson's loop over any batch source, with the run's observers; checkpoints need the data in memory.</summary>
    /// <returns>The parameters (a float32 run's widened to double, exactly), and the run's result.</returns>
    private static (double[] Weights, double Bias, TrainingResult Result) Descend(
        TrainJobSettings settings,
        TrainSettings training,
        IReadOnlyList<string?> inputs,
        IBatchSource batches,
        Dataset? checkpointData,
        Checkpoint? resumeFrom,
        DescentStart fresh,
        JobIO io,
        IReadOnlyList<ITrainingObserver> extraObservers,
        CancellationToken cancellationToken)
    {
        using var owned = batches;
        using var observers = new RunObservers(settings, inputs, batches.FeatureCount, batched: batches.BatchCount != 1, io, extraObservers);
        var checkpoint = settings.CheckpointPath is null || checkpointData is null ? null : new CheckpointObserver(settings.CheckpointPath, settings.CheckpointEvery, checkpointData, training, inputs);
        if (checkpoint is not null)
        {
            observers.Add(checkpoint);
        }

        TrainingResult result;
        try
        {
            result = Trainer.Train(batches, training, observers.All, cancellationToken, resumeFrom?.ToStart(), fresh);
        }
        catch (LinregException e) when (e.Code == ExitCode.Interrupted && checkpoint?.SavedNextEpoch is { } next)
        {
            throw new LinregException(e.Code, $"{e.Message}; progress up to epoch {next} is saved in {checkpoint.Path}: continue with --resume {checkpoint.Path}", e);
        }

        observers.Complete(cancellationToken);
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
}
