using Linreg.Core.Metrics;
using Linreg.Core.Training;

namespace Linreg.Core.Models;

/// <param name="Epochs">Epochs run: fewer than the settings asked for when early stopping ended training.</param>
/// <param name="FinalCost">The last epoch's cost, in the run's dtype (<see cref="TrainSettings.DType"/>): a float32 run's widened.</param>
/// <param name="OptimumCost">The least-squares optimum of the training cost, for gradient-descent runs; null when not computed.</param>
public sealed record TrainingRecord(string Data, int Rows, long DroppedRows, int Epochs, double FinalCost, TrainSettings Settings)
{
    public long Steps { get; init; } = Epochs;

    public double? OptimumCost { get; init; }

    /// <summary>
    /// Where gradient descent took each step's cost (<see cref="CostSource.Rows"/> or <see cref="CostSource.Moments"/>)
    /// as the run decided it; null for the exact solver, and in files written before it was recorded.
    /// </summary>
    public CostSource? StepCost { get; init; }

    /// <summary>Whether the rows were streamed from the file every epoch (--stream).</summary>
    public bool Streamed { get; init; }

    /// <summary>--weights' column the fit weighed its rows by; null for an unweighted fit. Predictions never use it.</summary>
    public string? WeightColumn { get; init; }
}

/// <summary>Everything a model file holds.</summary>
public sealed record ModelDocument(LinearModel Model, TrainingRecord? Training, RegressionMetrics? TrainMetrics, string CreatedBy)
{
    public RegressionMetrics? ValidationMetrics { get; init; }
}
