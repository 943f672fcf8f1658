using Linreg.Core.Data;
using Linreg.Core.IO;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>Checks everything a training run will write, and what it cannot combine, before any work is done.</summary>
internal static class TrainOutputs
{
    public static void Check(TrainJobSettings settings, DataSource source)
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

        if (settings.ValidationPath == DataSource.StandardInputName && source.IsStandardInput)
        {
            throw Usage("--validation - and training data - cannot both read standard input");
        }

        if (settings.Stream)
        {
            RefuseForStream(settings, source);
        }

        var outputs = new (string Option, string? Path)[] { ("--model", settings.ModelPath), ("--log", settings.StepLogPath), ("--checkpoint", settings.CheckpointPath), ("--plot", settings.PlotPath) }
            .Where(o => o.Path is not null)
            .ToArray();
        foreach (var (option, path) in outputs)
        {
            AtomicFile.CheckDestination(path!, option, [source.FullPath]);
        }

        var clash = outputs.GroupBy(o => Path.GetFullPath(o.Path!)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw Usage($"{string.Join(" and ", clash.Select(o => o.Option))} name the same file {clash.First().Path}; give each its own");
        }
    }

    private static void RefuseForStream(TrainJobSettings settings, DataSource source)
    {
        string? why = null;
        if (source.IsStandardInput)
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
        else if (settings.Training.CvFolds is not null || settings.Training.AlphaAuto)
        {
            why = $"{(settings.Training.AlphaAuto ? "--alpha auto" : "--cv")} holds the folds in memory; drop --stream";
        }

        if (why is not null)
        {
            throw Usage($"--stream: {why}");
        }
    }

    private static LinregException Usage(string message) => new(ExitCode.UsageError, message);
}
