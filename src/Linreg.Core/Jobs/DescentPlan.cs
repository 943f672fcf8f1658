using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>
/// What gradient descent can know before its first step (<see cref="StepSize"/>): --lr auto's rate, a refusal when
/// full-batch SGD would diverge at the rate given (with the bound, and remedies that each work when followed), and a
/// warning when even the standardized problem is too ill-conditioned to converge in the epochs given.
/// </summary>
internal static class DescentPlan
{
    /// <summary>The settings to train with: --lr auto resolved to a number, everything else as given.</summary>
    /// <param name="moments">The training rows' moments, in the data's own units (before any standardization).</param>
    /// <param name="fullBatch">Whether each step sees every row: only then is the bound a certainty.</param>
    public static TrainSettings Prepare(TrainSettings settings, DataMoments moments, bool fullBatch, TextWriter diagnostics)
    {
        var penalty = Penalty.Of(settings);
        var trained = StepSize.Of(moments, penalty, settings.Standardize);
        var standardized = settings.Standardize ? trained : StepSize.Of(moments, penalty, standardized: true);
        if (trained is null || standardized is null)
        {
            return settings.LearningRateAuto
                ? throw new LinregException(ExitCode.UsageError, string.Create(CultureInfo.InvariantCulture, $"--lr auto works from the cost's curvature, which linreg computes for up to {StepSize.MaxFeatures} features (this data has {moments.FeatureCount}); give --lr a number"))
                : settings;
        }

        if (settings.LearningRateAuto)
        {
            settings = settings with { LearningRate = settings.Optimizer == OptimizerKind.Adam ? StepSize.AdamAuto(moments) : trained.Auto };
        }
        else if (settings.Optimizer == OptimizerKind.Sgd && settings.LearningRate >= trained.StableBelow(settings.Momentum))
        {
            var why = Unstable(settings, trained, standardized);
            if (fullBatch)
            {
                throw new LinregException(ExitCode.UsageError, why);
            }

            // A mini-batch step is on average the full-batch step, so the average path has the same bound; the noise
            // only adds to it. Not refused: the bound is the full batch's, not this run's.
            diagnostics.WriteLine($"linreg: warning: {why}; these are mini-batches, whose steps average to full-batch ones, so expect divergence");
        }

        if (standardized.StepsToConverge > settings.Epochs)
        {
            var c = CultureInfo.InvariantCulture;
            diagnostics.WriteLine(string.Create(c, $"linreg: warning: ill-conditioned: even standardized, the cost's condition number is {standardized.Condition:0.#e+00}, so gradient descent at --lr auto needs about (κ/2)·ln(1000) = {Math.Min(standardized.StepsToConverge, 1e15):N0} steps to cut its distance from the optimum a thousandfold (--epochs {settings.Epochs}); --solver lstsq solves it exactly"));
        }

        return settings;
    }

    /// <summary>One line: the rate, the bound here and with --standardize, and remedies that each work.</summary>
    private static string Unstable(TrainSettings settings, StepSize trained, StepSize standardized)
    {
        var c = CultureInfo.InvariantCulture;
        var bound = trained.StableBelow(settings.Momentum);
        var what = settings.Momentum > 0 ? string.Create(c, $"gradient descent with --momentum {settings.Momentum:R}") : "gradient descent";
        var data = settings.Standardize ? "this standardized data" : "this data";
        var alternative = settings.Standardize ? string.Empty : $"; with --standardize below {Floor(standardized.StableBelow(settings.Momentum))}";
        var remedies = settings.Standardize ? "--lr auto" : "--standardize --lr auto";
        return string.Create(c, $"--lr {settings.LearningRate:R} diverges on {data}: {what} is stable below {Floor(bound)} here{alternative} (try {remedies}, or --lr {Floor(0.95 * bound)}, or --solver lstsq)");
    }

    /// <summary>
    /// Two significant digits, rounded down: a bound shown rounded up would name a rate that diverges.
    /// </summary>
    internal static string Floor(double value)
    {
        var unit = Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
        var floored = Math.Floor(value / unit) * unit;
        return floored.ToString("G2", CultureInfo.InvariantCulture).Replace('E', 'e');
    }
}
