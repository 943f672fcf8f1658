using Linreg.Core.Runtime;

namespace Linreg.Core.Training;

/// <summary>
/// The knobs of one training run. The defaults are the lesson's: W = b = 0, SGD at lr 0.01, 2000 steps,
/// <c>torch.manual_seed(1)</c>, a log line every 100 steps.
/// </summary>
public sealed record TrainSettings
{
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Optimisation steps; log lines count them as <c>Epoch e/(Epochs-1)</c>, as the lesson does.</summary>
    public int Epochs { get; init; } = 2000;

    public long Seed { get; init; } = 1;

    /// <summary>A lesson log line every this many steps; 0 prints none.</summary>
    public int LogEvery { get; init; } = 100;

    public DeviceChoice Device { get; init; } = DeviceChoice.Cpu;

    /// <summary>Fails fast with a usage error when a value cannot make sense, whoever built the record.</summary>
    public void Validate()
    {
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new LinregException(ExitCode.UsageError, $"--lr must be a positive number, e.g. 0.01 (got {LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }

        if (Epochs < 1)
        {
            throw new LinregException(ExitCode.UsageError, $"--epochs must be at least 1 (got {Epochs})");
        }

        if (LogEvery < 0)
        {
            throw new LinregException(ExitCode.UsageError, $"--log-every must be 0 (no log lines) or more (got {LogEvery})");
        }
    }
}
