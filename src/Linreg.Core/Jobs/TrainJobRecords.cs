using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>What <c>linreg train</c> is asked to do: the command's options, bound.</summary>
public sealed record TrainJobSettings
{
    /// <summary>
    /// CSV paths and patterns (<see cref="DataPaths"/>), read as one table in name order, or <c>-</c> alone for
    /// standard input; empty with <see cref="FromStats"/>.
    /// </summary>
    public IReadOnlyList<string> Data { get; init; } = [];

    /// <summary>Statistics files (paths and patterns) to fit from instead of <see cref="Data"/>: the exact solver without the rows.</summary>
    public IReadOnlyList<string> FromStats { get; init; } = [];

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

    /// <summary>A patsy formula choosing the target and making the features (<see cref="Design.Formula"/>); null: --target and --features.</summary>
    public string? Formula { get; init; }

    /// <summary>Feature columns read as categories whatever their cells hold (zip codes, years).</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];
}

/// <summary>What a training run produced, for the command to report (text on stderr, or --json on stdout).</summary>
public sealed record TrainOutcome(
    LinearModel Model,
    TrainingResult Result,
    RegressionMetrics TrainMetrics,
    RegressionMetrics? ValidationMetrics,
    double? OptimumCost,
    string Data,
    long DroppedRows)
{
    /// <summary>The settings as the run used them: --lr auto and --alpha auto resolved to numbers, a stream's batch size filled in.</summary>
    public TrainSettings? Training { get; init; }

    /// <summary>--cv's folds (and --alpha auto's search); null without them.</summary>
    public CrossValidationReport? CrossValidation { get; init; }

    /// <summary>--weights' column (or the statistics'); null for an unweighted fit.</summary>
    public string? WeightColumn { get; init; }
}

/// <summary>What every way of training hands to the job's tail (<see cref="TrainJob.Finish"/>).</summary>
/// <param name="Training">The settings as the run used them (auto values resolved, a stream's batch size filled in).</param>
/// <param name="Achieved">The model's MSE, plus its penalty when there is one: what <paramref name="Optimum"/> is the best of.</param>
internal sealed record TrainFit(LinearModel Model, TrainingResult Result, TrainSettings Training, RegressionMetrics TrainMetrics, RegressionMetrics? ValidationMetrics, double? Optimum, double Achieved, long Rows, long Dropped)
{
    /// <summary>--weights' column; null for an unweighted fit.</summary>
    public string? WeightColumn { get; init; }

    public CrossValidationReport? CrossValidation { get; init; }
}
