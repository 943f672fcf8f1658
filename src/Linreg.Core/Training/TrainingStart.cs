namespace Linreg.Core.Training;

/// <summary>
/// The state a resumed run starts from: the next step to run and the parameters after the step before it, as doubles
/// (a float32 run's widened, so they narrow back exactly).
/// </summary>
public sealed record TrainingStart(int Epoch, IReadOnlyList<double> Weights, double Bias)
{
    /// <summary>Early stopping's state at the checkpoint; null starts it afresh (checkpoints from before it was kept).</summary>
    public EarlyStoppingState? Stopping { get; init; }

    public void Validate(int featureCount, int epochs)
    {
        if (Weights.Count != featureCount)
        {
            throw new LinregException(ExitCode.UsageError, $"--resume: the checkpoint has {Weights.Count} weight(s) but the data has {featureCount} feature(s)");
        }

        if (Epoch >= epochs)
        {
            throw new LinregException(ExitCode.UsageError, $"--resume: the checkpoint is at step {Epoch}, and --epochs {epochs} leaves nothing to run; give a larger --epochs");
        }
    }
}
