using System.Globalization;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Solvers;
using Linreg.Core.Statistics;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>
/// The exact solver's result as a model and as a statistician reads it: the coefficient table on stdout, and on
/// stderr one line for each thing that changes how to read it (aliased columns, an ill-conditioned design, an
/// essentially perfect fit).
/// </summary>
internal static class ExactReport
{
    /// <summary>
    /// R's summary.lm calls a fit "essentially perfect" when the residual variance is negligible next to the fitted
    /// values' spread; here, when rounding alone could explain the residual sum of squares: below 1e-20 of the total.
    /// </summary>
    public const double PerfectFitRatio = 1e-20;

    /// <summary>Past 1e8, the design's condition number puts more than half of double's 16 digits of an estimate at risk.</summary>
    public const double IllConditioned = 1e8;

    public static LinearModel Model(ExactFit exact, IReadOnlyList<string> featureNames, string targetName)
    {
        var solution = exact.Solution;
        var inference = ModelInference.From(exact.Inference);
        if (IsPerfect(solution, exact.Inference))
        {
            // t and p have no meaning when nothing is left to err: R warns, and they are left out here.
            inference = inference with
            {
                Terms = [.. inference.Terms.Select(t => t with { TValue = null, PValue = null })],
                FStatistic = double.NaN,
                FPValue = double.NaN,
            };
        }

        return new LinearModel(featureNames, targetName, [.. solution.Coefficients.Select(c => c ?? 0)], solution.Intercept ?? 0)
        {
            Aliased = [.. featureNames.Where((_, i) => solution.Aliased[i])],
            HasIntercept = solution.HasIntercept,
            Inference = inference,
        };
    }

    public static void Write(LinearModel model, ExactFit exact, RegressionMetrics metrics, JobIO io)
    {
        var c = CultureInfo.InvariantCulture;
        InferenceTable.Write(io.Output, model);
        io.Output.Flush();
        if (model.Aliased.Count > 0)
        {
            io.Diagnostics.WriteLine($"linreg: warning: {NameList.Join(model.Aliased)} {(model.Aliased.Count == 1 ? "is" : "are")} aliased (NA, as R reports it): constant, or a linear combination of the columns before {(model.Aliased.Count == 1 ? "it" : "them")} (to {exact.Solution.Tolerance:0e+0} of {(model.Aliased.Count == 1 ? "its" : "their")} norm, --rank-tol); fitted without {(model.Aliased.Count == 1 ? "it" : "them")}, and {(model.Aliased.Count == 1 ? "it counts" : "they count")} as 0 in predictions");
        }

        var inference = exact.Inference;
        if (inference.DfResidual == 0)
        {
            io.Diagnostics.WriteLine(string.Create(c, $"linreg: warning: {metrics.Rows} row(s) for {inference.Rank} estimable parameter(s): the fit passes through every point and leaves no degrees of freedom, so standard errors, t and p-values are undefined"));
        }
        else if (IsPerfect(exact.Solution, inference))
        {
            io.Diagnostics.WriteLine(string.Create(c, $"linreg: warning: essentially perfect fit (residual sum of squares {exact.Solution.ResidualSumOfSquares:G3}, below {PerfectFitRatio:0e+0} of the total): t and p-values are undefined and left out"));
        }

        if (inference.ConditionNumber > IllConditioned)
        {
            io.Diagnostics.WriteLine(string.Create(c, $"linreg: warning: the condition number is {inference.ConditionNumber:0.#e+00} (statsmodels' definition): the columns are nearly collinear or on very different scales, and an estimate's relative error can be that many times the data's; the QR solve keeps what double precision allows, but check the design"));
        }
    }

    public static TrainingResult Result(RegressionMetrics metrics, TimeSpan elapsed) => new([], 0, (float)metrics.Mse, 0, 0, false, elapsed);

    private static bool IsPerfect(LeastSquaresSolution solution, OlsInference inference) =>
        inference.DfResidual > 0 && solution.ResidualSumOfSquares <= PerfectFitRatio * solution.TotalSumOfSquares;
}
