using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>What a person reads on stderr after training: the line found, how well it fits, where it went.</summary>
internal static class TrainSummary
{
    /// <summary>Past this gap above the optimum, descent stopped far from it and the summary says what would help.</summary>
    public const double FarFromOptimum = 0.01;

    /// <param name="achieved">The model's MSE, plus its penalty when the run has one (what <paramref name="optimum"/> is the least of).</param>
    /// <param name="weightColumn">--weights' column: the fit and its metrics are weighted; null for unweighted rows.</param>
    public static void Write(TextWriter diagnostics, TrainJobSettings settings, string data, LinearModel model, TrainingResult result, RegressionMetrics trainMetrics, RegressionMetrics? validation, double? optimum, double achieved, string? weightColumn = null)
    {
        var c = CultureInfo.InvariantCulture;
        var terms = string.Concat(Enumerable.Range(0, model.FeatureCount).Where(i => !model.IsAliased(i)).Select(i => string.Create(c, $"{model.Weights[i]:G6}*{model.FeatureNames[i]} + ")));
        var how = settings.Training.Solver == SolverKind.Lstsq
            ? (Penalty.Of(settings.Training) is { IsNone: false } penalised ? $"solved the {penalised.Describe()} fit exactly" : "solved least squares exactly")
            : string.Create(c, $"trained {result.Epochs} epoch(s), {result.Steps} step(s){(result.StoppedEarly ? " (stopped early: the cost improved by less than --tolerance for --patience epochs)" : string.Empty)}");
        diagnostics.WriteLine(string.Create(c, $"linreg: {how} on {trainMetrics.Rows} rows of {data}{(weightColumn is null ? string.Empty : $" (weighted by '{weightColumn}')")}{(settings.Stream ? " (streamed)" : string.Empty)}{(settings.FromStats.Count > 0 ? " (from their statistics files)" : string.Empty)}{(result.UsedMoments ? " (each step's cost from the data's moments)" : string.Empty)} in {result.Elapsed.TotalSeconds:F2} s"));
        diagnostics.WriteLine(string.Create(c, $"linreg: {model.TargetName} = {terms}{model.Bias:G6}{(model.Scaling is null ? string.Empty : " (original units; trained on standardized features)")}"));
        diagnostics.WriteLine("linreg: train      " + Describe(trainMetrics));
        if (validation is not null)
        {
            diagnostics.WriteLine("linreg: validation " + Describe(validation));
        }

        if (optimum is { } best)
        {
            var gap = achieved - best;
            var relative = best > 0 ? string.Create(c, $" ({100 * gap / best:F2}% above)") : string.Empty;
            var penalty = Penalty.Of(settings.Training);
            var what = penalty.IsNone ? "least-squares optimum MSE" : $"penalised optimum ({penalty.Describe()}) of MSE + penalty";
            diagnostics.WriteLine(string.Create(c, $"linreg: {what} {best:G6}; this model is {gap:G3} from it{relative}"));
            if (best > 0 && gap > FarFromOptimum * best)
            {
                diagnostics.WriteLine($"linreg: gradient descent stopped far from the optimum: {Remedies(settings.Training)}");
            }
        }

        diagnostics.WriteLine(settings.ModelPath is null
            ? "linreg: no model written (add --model PATH to save it for 'linreg predict')"
            : $"linreg: model written to {settings.ModelPath}");
    }

    /// <summary>What gets descent closer, most effective first, leaving out what the run already does.</summary>
    private static string Remedies(TrainSettings training)
    {
        var remedies = new List<string>();
        if (!training.Standardize)
        {
            remedies.Add("--standardize --lr auto (features on one scale converge far faster)");
        }
        else if (!training.LearningRateAuto)
        {
            remedies.Add("--lr auto (the largest safe step)");
        }

        remedies.Add(string.Create(CultureInfo.InvariantCulture, $"more --epochs (now {training.Epochs})"));
        remedies.Add("--solver lstsq (the exact optimum)");
        return "try " + string.Join(", or ", remedies);
    }

    public static string Describe(RegressionMetrics m) =>
        string.Create(CultureInfo.InvariantCulture, $"MSE {m.Mse:G6}, RMSE {m.Rmse:G6}, MAE {Mae(m)}, R² {m.R2:F6} ({m.Rows} rows)");

    /// <summary>A fit from statistics has no MAE (it needs every residual): "n/a" rather than a NaN that looks like a failure.</summary>
    public static string Mae(RegressionMetrics m) => double.IsNaN(m.Mae) ? "n/a" : m.Mae.ToString("G6", CultureInfo.InvariantCulture);
}
