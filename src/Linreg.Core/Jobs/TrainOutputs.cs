using Linreg.Core.Data;
using Linreg.Core.IO;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>Checks everything a training run will write, and what it cannot combine, before any work is done.</summary>
internal static class TrainOutputs
{
    /// <param name="sources">The data files; none with --from-stats.</param>
    /// <param name="statsFiles">The statistics files of --from-stats, which no output may replace either.</param>
    public static void Check(TrainJobSettings settings, IReadOnlyList<DataSource> sources, IReadOnlyList<string>? statsFiles = null)
    {
        if (settings.CheckpointEvery < 1)
        {
            throw Usage($"--checkpoint-every must be at least 1 (got {settings.CheckpointEvery})");
        }

        if (settings.ValidationSplit is { } fraction && !(fraction > 0 && fraction < 1))
        {
            throw Usage($"--validation-split must be between 0 and 1, e.g. 0.2 (got {fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }

        var training = settings.Training;
        if ((settings.CheckpointPath ?? settings.ResumePath) is not null)
        {
            if (training.Optimizer != OptimizerKind.Sgd || training.Momentum > 0)
            {
                throw Usage("--checkpoint and --resume work with plain SGD only: the state of Adam or momentum is not saved in checkpoints");
            }

            if (training.Solver == SolverKind.Lstsq)
            {
                throw Usage("--checkpoint and --resume apply to --solver gd; lstsq has no steps to resume");
            }
        }

        if (settings.PlotPath is not null && training.Solver == SolverKind.Lstsq && !training.AlphaAuto)
        {
            throw Usage("--plot draws the cost of each gradient-descent step (or --alpha auto's cross-validation curve); --solver lstsq has no steps");
        }

        if (settings.ValidationPath is not null && settings.ValidationSplit is not null)
        {
            throw Usage("--validation and --validation-split both choose validation data; give one");
        }

        if (settings.ValidationPath == DataSource.StandardInputName && sources.Any(s => s.IsStandardInput))
        {
            throw Usage("--validation - and training data - cannot both read standard input");
        }

        if (settings.FromStats.Count > 0)
        {
            RefuseForStatistics(settings);
        }
        else if (settings.Stream)
        {
            RefuseForStream(settings, sources);
        }

        var outputs = new (string Option, string? Path)[] { ("--model", settings.ModelPath), ("--log", settings.StepLogPath), ("--checkpoint", settings.CheckpointPath), ("--plot", settings.PlotPath) }
            .Where(o => o.Path is not null)
            .ToArray();
        var inputs = Inputs(settings, [.. sources.Select(s => s.Identity), .. (statsFiles ?? []).Select(Path.GetFullPath)]);
        foreach (var (option, path) in outputs)
        {
            AtomicFile.CheckDestination(path!, option, inputs);
        }

        var clash = outputs.GroupBy(o => Path.GetFullPath(o.Path!)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw Usage($"{string.Join(" and ", clash.Select(o => o.Option))} name the same file {clash.First().Path}; give each its own");
        }
    }

    /// <summary>
    /// Every file the run reads, which no output may replace: <paramref name="read"/> (the data, by identity, or the
    /// statistics files), the validation file and the checkpoint resumed from.
    /// </summary>
    public static string?[] Inputs(TrainJobSettings settings, IEnumerable<string?> read) =>
    [
        .. read,
        settings.ValidationPath is null ? null : settings.ValidationPath == DataSource.StandardInputName ? "/dev/stdin" : Path.GetFullPath(settings.ValidationPath),
        settings.ResumePath is null ? null : Path.GetFullPath(settings.ResumePath),
    ];

    private static void RefuseForStream(TrainJobSettings settings, IReadOnlyList<DataSource> sources)
    {
        string? why = null;
        if (sources.Any(s => s.IsStandardInput))
        {
            why = "it reads the file more than once (every epoch, or the fit then its metrics); give a file, not standard input";
        }
        else if (settings.ValidationSplit is not null)
        {
            why = "a --validation-split would hold rows in memory; give a separate --validation FILE";
        }
        else if (settings.CheckpointPath is not null || settings.ResumePath is not null)
        {
            why = "checkpoints hold in-memory runs only";
        }
        else if (sources.Count > 1 && settings.Training.Solver == SolverKind.Gd)
        {
            why = $"gradient descent streams one file every epoch, and {sources.Count} were given; join them into one file, or train on them in memory (without --stream), or fit them with --solver lstsq, which streams any number";
        }
        else if (settings.Training.CvFolds is not null || settings.Training.AlphaAuto)
        {
            why = $"{(settings.Training.AlphaAuto ? "--alpha auto" : "--cv")} holds the folds in memory; drop --stream";
        }

        if (why is not null)
        {
            throw Usage($"--stream: {why}");
        }
    }

    /// <summary>
    /// Statistics hold the exact solver's factor and counts, not the rows: whatever needs the rows, or another
    /// choice of columns, cannot be had from them, and is refused rather than quietly left out.
    /// </summary>
    private static void RefuseForStatistics(TrainJobSettings settings)
    {
        var training = settings.Training;
        var why = settings.Data.Count > 0 ? "fits from statistics instead of DATA; give one or the other"
            : training.Solver != SolverKind.Lstsq ? "fits with the exact solver, --solver lstsq; gradient descent needs the rows"
            : training.Covariance != Statistics.CovarianceType.NonRobust ? $"--se {training.Covariance.ToString().ToLowerInvariant()} needs every row's residual, a second pass over the rows that statistics do not hold; use --se nonrobust, or train on the data itself (linreg train DATA --solver lstsq --stream --se {training.Covariance.ToString().ToLowerInvariant()})"
            : settings.Stream ? "--stream reads rows, and statistics are what a pass over the rows left; leave it out"
            : settings.ValidationSplit is not null ? "--validation-split holds out rows, and statistics have none; give a separate --validation FILE"
            : training.CvFolds is not null || training.AlphaAuto ? $"{(training.AlphaAuto ? "--alpha auto" : "--cv")} cuts the rows into folds, and statistics have none; train on the data itself"
            : settings.Columns.Target is not null || settings.Columns.Features is not null || settings.Columns.Weights is not null ? "the columns were chosen when the statistics were made; leave out --target, --features and --weights (or make the statistics again with them)"
            : null;
        if (why is not null)
        {
            throw Usage($"--from-stats {why}");
        }
    }

    /// <summary>
    /// What weights cannot do yet, refused before any reading. The exact penalised fit takes them as scikit-learn's
    /// sample_weight does; descent's penalty is scaled to the row count, the standardization is unweighted, and
    /// --alpha auto's folds are scored unweighted.
    /// </summary>
    /// <param name="fromStatistics">Statistics of weighted rows: their weights are refused for the same reasons, named as the files' rather than as --weights.</param>
    internal static void RefuseWeighted(TrainJobSettings settings, string? fromStatistics = null)
    {
        var training = settings.Training;
        if (settings.Columns.Weights is null && fromStatistics is null)
        {
            return;
        }

        var penalised = !Penalty.Of(training).IsNone || training.AlphaAuto;
        var why = penalised && training.Solver == SolverKind.Gd ? "a penalised gradient descent does not take weights yet; solve the weighted penalty exactly with --solver lstsq"
            : penalised && training.AlphaAuto ? "--alpha auto does not take weights yet (its folds' scores would need scikit-learn's weighted scoring); give --alpha a number"
            : penalised && training.Standardize ? "--standardize with a penalty does not take weights yet (scikit-learn's StandardScaler would need sample_weight too); leave out --standardize"
            : null;
        if (why is not null)
        {
            throw Usage(fromStatistics is null ? $"--weights: {why}" : $"--from-stats: {fromStatistics} holds statistics of weighted rows, and {why}");
        }
    }

    private static LinregException Usage(string message) => new(ExitCode.UsageError, message);
}
