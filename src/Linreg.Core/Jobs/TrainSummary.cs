using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>What a person reads on stderr after training: the line found, how well it fits, where it went.</summary>
internal static class TrainSummary
{
    public static void Write(TextWriter diagnostics, TrainJobSettings settings, string data, LinearModel model, TrainingResult result, RegressionMetrics trainMetrics, RegressionMetrics? validation, double? optimum)
    {
        var c = CultureInfo.InvariantCulture;
        var terms = string.Concat(model.FeatureNames.Where((_, i) => !model.IsAliased(i)).Select(name => string.Create(c, $"{model.Weights[model.FeatureNames.ToList().IndexOf(name)]:G6}*{name} + ")));
        var how = settings.Training.Solver == SolverKind.Lstsq
            ? "solved least squares exactly"
            : string.Create(c, $"trained {result.Epochs} epoch(s), {result.Steps} step(s){(result.StoppedEarly ? " (stopped early: the cost improved by less than --tolerance for --patience epochs)" : string.Empty)}");
        diagnostics.WriteLine(string.Create(c, $"linreg: {how} on {trainMetrics.Rows} rows of {data}{(settings.Stream ? " (streamed)" : string.Empty)}{(settings.FromStats.Count > 0 ? " (from their statistics files)" : string.Empty)}{(result.UsedMoments ? " (each step's cost from the data's moments)" : string.Empty)} in {result.Elapsed.TotalSeconds:F2} s"));
        diagnostics.WriteLine(string.Create(c, $"linreg: {model.TargetName} = {terms}{model.Bias:G6}{(model.Scaling is null ? string.Empty : " (original units; trained on standardized features)")}"));
        diagnostics.WriteLine("linreg: train      " + Describe(trainMetrics));
        if (validation is not null)
        {
            diagnostics.WriteLine("linreg: validation " + Describe(validation));
        }

        if (optimum is { } best)
        {
            var gap = trainMetrics.Mse - best;
            var relative = best > 0 ? string.Create(c, $" ({100 * gap / best:F2}% above)") : string.Empty;
            diagnostics.WriteLine(string.Create(c, $"linreg: least-squares optimum MSE {best:G6}; this model is {gap:G3} from it{relative}"));
        }

        diagnostics.WriteLine(settings.ModelPath is null
            ? "linreg: no model written (add --model PATH to save it for 'linreg predict')"
            : $"linreg: model written to {settings.ModelPath}");
    }

    public static string Describe(RegressionMetrics m) =>
        string.Create(CultureInfo.InvariantCulture, $"MSE {m.Mse:G6}, RMSE {m.Rmse:G6}, MAE {Mae(m)}, R² {m.R2:F6} ({m.Rows} rows)");

    /// <summary>A fit from statistics has no MAE (it needs every residual): "n/a" rather than a NaN that looks like a failure.</summary>
    public static string Mae(RegressionMetrics m) => double.IsNaN(m.Mae) ? "n/a" : m.Mae.ToString("G6", CultureInfo.InvariantCulture);
}
