using Linreg.Core.Data;
using Linreg.Core.Training;

namespace Linreg.Core.Solvers;

/// <summary>
/// --alpha auto: a path of penalties (<see cref="CenteredProblem.AlphaPath"/>, computed on all the rows, largest
/// first) scored by K-fold cross-validation, as scikit-learn's LassoCV, ElasticNetCV and RidgeCV(cv=K) score it:
/// for each fold the path is fitted on the other folds (warm-started from the previous penalty) and each fit's MSE
/// on the fold is kept; a penalty's score is the plain mean of its folds' MSEs. The best is the lowest mean (the
/// largest α among equals); the one-standard-error choice is the largest α whose mean is within one standard error
/// (the folds' sample standard deviation over √K) of the best's, glmnet's lambda.1se: the simplest model the data
/// cannot tell from the best.
/// </summary>
public sealed record PenaltySearch(IReadOnlyList<double> Alphas, IReadOnlyList<double> MeanMse, IReadOnlyList<double> StandardError, int Best, int OneStandardError)
{
    public double BestAlpha => Alphas[Best];

    public double OneStandardErrorAlpha => Alphas[OneStandardError];

    /// <param name="penalty">The kind and l1 ratio to search; its alpha is ignored.</param>
    public static PenaltySearch Run(Dataset data, Folds folds, Penalty penalty, bool standardize, bool intercept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(folds);
        var alphas = Problem(data, standardize, intercept, cancellationToken).AlphaPath(penalty);
        var mse = new double[alphas.Length][];
        for (var i = 0; i < alphas.Length; i++)
        {
            mse[i] = new double[folds.Count];
        }

        for (var f = 0; f < folds.Count; f++)
        {
            var (train, test) = folds.Split(data, f);
            var problem = Problem(train, standardize, intercept, cancellationToken);
            double[]? weights = null;
            for (var i = 0; i < alphas.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                weights = PenalizedLeastSquares.Solve(problem, penalty with { Alpha = alphas[i] }, weights);
                var (original, bias) = problem.ToOriginal(weights);
                mse[i][f] = MeanSquaredError(test, original, bias);
            }
        }

        var mean = mse.Select(m => m.Average()).ToArray();
        var error = mse.Select(m => StandardDeviation(m) / Math.Sqrt(m.Length)).ToArray();
        var best = Array.IndexOf(mean, mean.Min());
        var oneStandardError = Array.FindIndex(mean, m => m <= mean[best] + error[best]);
        return new PenaltySearch(alphas, mean, error, best, oneStandardError);
    }

    /// <summary>The sample standard deviation (n − 1), R's sd; 0 for one value.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private static CenteredProblem Problem(Dataset data, bool standardize, bool intercept, CancellationToken cancellationToken) =>
        CenteredProblem.From(ExactLeastSquares.Accumulate(data, intercept, cancellationToken)!, standardize);

    private static double MeanSquaredError(Dataset data, double[] weights, double bias)
    {
        var sum = 0.0;
        for (var r = 0; r < data.RowCount; r++)
        {
            var row = data.Row(r);
            var error = bias - data.Targets[r];
            for (var j = 0; j < weights.Length; j++)
            {
                error += weights[j] * row[j];
            }

            sum += error * error;
        }

        return sum / data.RowCount;
    }
}
