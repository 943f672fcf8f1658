using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>
/// <c>linreg train --stream</c>: mini-batches read from the file a buffer at a time, every epoch, so memory stays
/// bounded whatever the file size. Standardization and the metrics take one streamed pass each.
/// </summary>
internal static class StreamTrainJob
{
    public static TrainOutcome Run(TrainJobSettings settings, DataSource source, JobIO io, string createdBy, IReadOnlyList<ITrainingObserver> extraObservers, CancellationToken cancellationToken)
    {
        Refuse(settings, source);
        var columns = ResolveColumns(settings, source);
        var all = columns.Indices;
        Standardization? scaling = null;
        if (settings.Training.Standardize)
        {
            using var reader = NumericCsvReader.Open(source, settings.Format);
            scaling = Standardization.FitStream(reader, all, settings.Missing, cancellationToken);
        }

        var training = settings.Training with { BatchSize = settings.Training.BatchSize ?? StreamingTrainer.DefaultBatchSize };
        var trainer = new StreamingTrainer(source, settings.Format, columns, settings.Missing, scaling);
        using var observers = new RunObservers(settings, source, columns.FeatureCount, batched: true, io, extraObservers);
        var result = trainer.Train(training, observers.All, cancellationToken);
        observers.Complete();

        var model = TrainJob.ToModel(columns.FeatureNames, columns.TargetName, result.Weights, result.Bias, scaling);
        var trainMetrics = Measure(model, source, settings, all, cancellationToken)!;
        RegressionMetrics? validation = null;
        if (settings.ValidationPath is not null)
        {
            var validationSource = DataSource.From(settings.ValidationPath, io.OpenStandardInput);
            validationSource.EnsureReadable();
            using var reader = NumericCsvReader.Open(validationSource, settings.Format);
            var (features, target) = CsvDatasetLoader.ResolveColumns(reader, new ColumnSelection(columns.TargetName, columns.FeatureNames));
            validation = MetricsPass.Compute(model, reader, [.. features, target], settings.Missing, cancellationToken).Metrics
                ?? throw new LinregException(ExitCode.DataError, $"{validationSource.DisplayName}: no rows to validate on");
        }

        if (settings.ModelPath is not null)
        {
            var record = new TrainingRecord(source.DisplayName, (int)Math.Min(trainer.Rows, int.MaxValue), trainer.DroppedRows, result.Epochs, result.FinalCost, training) { Steps = result.Steps };
            ModelFile.Save(new ModelDocument(model, record, trainMetrics, createdBy) { ValidationMetrics = validation }, settings.ModelPath, [source.FullPath]);
        }

        io.Output.Flush();
        TrainSummary.Write(io.Diagnostics, settings, source.DisplayName, model, result, trainMetrics, validation, optimum: null);
        return new TrainOutcome(model, result, trainMetrics, validation, null, source.DisplayName, trainer.DroppedRows);
    }

    private static void Refuse(TrainJobSettings settings, DataSource source)
    {
        string? why = null;
        if (source.IsStandardInput)
        {
            why = "it reads the file again every epoch; give a file, not standard input";
        }
        else if (settings.Training.Solver == SolverKind.Lstsq)
        {
            why = "--solver lstsq needs the whole data set in memory";
        }
        else if (settings.ValidationSplit is not null)
        {
            why = "a --validation-split would hold rows in memory; give a separate --validation FILE";
        }
        else if (settings.CheckpointPath is not null || settings.ResumePath is not null)
        {
            why = "checkpoints hold in-memory runs only";
        }

        if (why is not null)
        {
            throw new LinregException(ExitCode.UsageError, $"--stream: {why}");
        }
    }

    private static StreamColumns ResolveColumns(TrainJobSettings settings, DataSource source)
    {
        using var reader = NumericCsvReader.Open(source, settings.Format);
        var (features, target) = CsvDatasetLoader.ResolveColumns(reader, settings.Columns);
        return new StreamColumns([.. features.Select(i => reader.ColumnNames[i])], reader.ColumnNames[target], [.. features, target]);
    }

    private static RegressionMetrics? Measure(LinearModel model, DataSource source, TrainJobSettings settings, int[] columns, CancellationToken cancellationToken)
    {
        using var reader = NumericCsvReader.Open(source, settings.Format);
        return MetricsPass.Compute(model, reader, columns, settings.Missing, cancellationToken).Metrics;
    }
}
