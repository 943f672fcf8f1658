using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Solvers;
using Linreg.Core.Statistics;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>
/// --solver lstsq with a penalty: the exact penalised fit as a model, and its coefficients on stdout. A penalised
/// estimate is biased on purpose and its distribution is not the t table's, so no standard errors, t or p-values are
/// given (scikit-learn gives none either).
/// </summary>
internal static class PenalizedReport
{
    private const string Intercept = "(Intercept)";

    /// <summary>The fit on the rows <paramref name="accumulator"/> folded, in the data's units (with the scaling it was solved in, when standardized).</summary>
    public static (LinearModel Model, double[] Solved) Fit(QrAccumulator accumulator, TrainSettings settings, IReadOnlyList<string> featureNames, string targetName)
    {
        var problem = CenteredProblem.From(accumulator, settings.Standardize);
        var solved = PenalizedLeastSquares.Solve(problem, Penalty.Of(settings));
        if (settings.Standardize)
        {
            var scaling = new Standardization(problem.Mean, problem.Scale);
            return (TrainJob.ToModel(featureNames, targetName, solved, problem.TargetMean, scaling), solved);
        }

        var (weights, intercept) = problem.ToOriginal(solved);
        return (new LinearModel(featureNames, targetName, weights, intercept) { HasIntercept = settings.Intercept }, solved);
    }

    /// <summary>
    /// The fit from statistics (a stream's one pass, or merged shards), with the training metrics the factor gives
    /// (MSE, RMSE, R²; MAE needs every residual and is NaN).
    /// </summary>
    public static (LinearModel Model, RegressionMetrics Metrics) Fit(SufficientStats stats, TrainSettings settings)
    {
        var model = Fit(stats.Qr, settings, stats.FeatureNames, stats.TargetName).Model with { Design = stats.Design };
        return (model, stats.Metrics(model));
    }

    public static void Write(LinearModel model, TrainSettings settings, JobIO io)
    {
        var scaled = settings.Standardize ? ", penalty on the standardized weights" : string.Empty;
        io.Output.WriteLine($"Coefficients ({Penalty.Of(settings).Describe()}{scaled}; no standard errors for a penalised fit):");
        string[] terms = model.HasIntercept ? [Intercept, .. model.FeatureNames] : [.. model.FeatureNames];
        var estimates = InferenceTable.Column((model.HasIntercept ? new double?[] { model.Bias } : []).Concat(model.Weights.Select(w => (double?)w)));
        var width = terms.Max(t => t.Length);
        var column = Math.Max("Estimate".Length, estimates.Max(e => e.Length));
        io.Output.WriteLine(new string(' ', width) + " " + "Estimate".PadLeft(column));
        for (var i = 0; i < terms.Length; i++)
        {
            io.Output.WriteLine(terms[i].PadRight(width) + " " + estimates[i].PadLeft(column));
        }

        var zeros = model.Weights.Count(w => w == 0);
        if (zeros > 0)
        {
            io.Output.WriteLine(FormattableString.Invariant($"({zeros} of {model.FeatureCount} coefficients are exactly 0)"));
        }

        io.Output.Flush();
    }
}
