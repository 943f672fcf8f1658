using Linreg.Core.Data;

namespace Linreg.Core.Solvers;

/// <summary>
/// The least-squares optimum of the MSE cost, from the normal equations in double precision (the data's centred
/// moments, k² numbers of memory), so every gradient-descent run can say how far it is from the best line.
/// </summary>
public static class NormalEquations
{
    /// <summary>
    /// Beyond this many features the k × k solve takes seconds (and the moments k² numbers of memory), more than a
    /// report line is worth; the optimum is then not given.
    /// </summary>
    public const int MaxFeatures = 1024;

    /// <summary>
    /// The smallest MSE any line reaches on <paramref name="data"/>, or null when the features are collinear (as they
    /// are whenever there are no more rows than features) or more than <see cref="MaxFeatures"/>.
    /// </summary>
    public static double? OptimumCost(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RowCount <= data.FeatureCount || data.FeatureCount > MaxFeatures || Solve(data) is not { } beta)
        {
            return null;
        }

        // The closed form from the moments, v - c'β, loses about log10(v / optimum) of its 16 digits; while the
        // optimum is more than a millionth of the target's variance that leaves ten, and saves a pass over the rows
        // (25 ms for 1M × 10). A nearly exact fit takes the residuals instead, where an optimum of 0 would otherwise
        // come out as rounding noise.
        var moments = data.Moments;
        var k = data.FeatureCount;
        var closed = moments.TargetVariance;
        for (var j = 0; j < k; j++)
        {
            closed -= moments.CrossCovariance[j] * beta[j];
        }

        if (closed > 1e-6 * moments.TargetVariance)
        {
            return closed;
        }

        double squared = 0;
        for (var r = 0; r < data.RowCount; r++)
        {
            var values = data.Row(r);
            var prediction = beta[k];
            for (var j = 0; j < k; j++)
            {
                prediction += beta[j] * values[j];
            }

            var error = prediction - data.Targets[r];
            squared += error * error;
        }

        return squared / data.RowCount;
    }

    /// <summary>The least-squares weights followed by the bias, or null when the features are collinear.</summary>
    /// <remarks>
    /// From the centred moments: C·β = c for the weights, then the bias from the means. A feature that is constant
    /// (or a combination of others) makes C singular relative to the features' own size, which is what "collinear"
    /// means here, intercept included.
    /// </remarks>
    public static double[]? Solve(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var moments = data.Moments;
        var k = moments.FeatureCount;
        var covariance = new double[k, k];
        var size = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                covariance[i, j] = moments.Covariance[(i * k) + j];
            }

            size = Math.Max(size, covariance[i, i] + (moments.FeatureMean[i] * moments.FeatureMean[i]));
        }

        if (SolveInPlace(covariance, [.. moments.CrossCovariance], size) is not { } weights)
        {
            return null;
        }

        var bias = moments.TargetMean;
        for (var j = 0; j < k; j++)
        {
            bias -= weights[j] * moments.FeatureMean[j];
        }

        return [.. weights, bias];
    }

    /// <summary>Gaussian elimination with partial pivoting; null when a pivot is negligible next to <paramref name="scale"/>.</summary>
    private static double[]? SolveInPlace(double[,] a, double[] b, double scale)
    {
        var n = b.Length;

        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            for (var r = column + 1; r < n; r++)
            {
                if (Math.Abs(a[r, column]) > Math.Abs(a[pivot, column]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, column]) <= scale * 1e-13)
            {
                return null;
            }

            if (pivot != column)
            {
                for (var c = 0; c < n; c++)
                {
                    (a[column, c], a[pivot, c]) = (a[pivot, c], a[column, c]);
                }

                (b[column], b[pivot]) = (b[pivot], b[column]);
            }

            for (var r = column + 1; r < n; r++)
            {
                var factor = a[r, column] / a[column, column];
                for (var c = column; c < n; c++)
                {
                    a[r, c] -= factor * a[column, c];
                }

                b[r] -= factor * b[column];
            }
        }

        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var c = r + 1; c < n; c++)
            {
                sum -= a[r, c] * x[c];
            }

            x[r] = sum / a[r, r];
        }

        return x;
    }
}
