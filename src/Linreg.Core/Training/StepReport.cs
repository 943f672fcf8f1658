namespace Linreg.Core.Training;

/// <summary>
/// One optimisation step as the lesson prints it: the cost computed before the step, the weights and bias after it.
/// <see cref="Weights"/> is only valid during the observer call. Full-batch training has one batch per epoch.
/// A streamed epoch does not know its batch count in advance (0), and reports how far through the file it is instead.
/// The values are doubles whatever the run's <see cref="DataType"/>: a float32 run's are its float32 values widened
/// (exactly), so narrowing them gives back what the tensors held.
/// </summary>
public readonly record struct StepReport(int Epoch, int Epochs, double Cost, ReadOnlyMemory<double> Weights, double Bias, int Batch = 0, int BatchCount = 1)
{
    public bool IsLastBatch => Batch == BatchCount - 1;

    /// <summary>How much of the epoch is done, when the trainer knows it better than batch counting (streaming).</summary>
    public double? EpochFraction { get; init; }

    /// <summary>
    /// Not a step but the end of a streamed epoch (its cost is the epoch's): where the lesson's log line goes, since
    /// a stream learns its last batch only after the fact. Observers of steps ignore it.
    /// </summary>
    public bool IsEpochSummary { get; init; }

    /// <summary>Early stopping's state after this epoch, on an epoch's last batch; what a checkpoint must keep.</summary>
    public EarlyStoppingState? Stopping { get; init; }
}

/// <summary>
/// Receives step reports. The trainer asks first, so that steps nobody wants cost no round-trip from the tensors.
/// </summary>
public interface ITrainingObserver
{
    bool WantsStep(int epoch);

    /// <summary>False when the observer reads only the cost, which spares the trainer copying W and b out of libtorch.</summary>
    bool WantsParameters => true;

    void OnStep(in StepReport report);

    /// <summary>Training stops before its end (Ctrl-C, SIGTERM); <paramref name="lastCompleted"/> is the state it reached.</summary>
    void OnInterrupted(in StepReport lastCompleted)
    {
    }
}
