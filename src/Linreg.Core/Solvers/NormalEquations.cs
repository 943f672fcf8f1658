using Linreg.Core.Data;

namespace Linreg.Core.Solvers;

/// <summary>
/// The least-squares optimum of the MSE cost, from the normal equations accumulated in double precision: one pass
/// and (k+1)² numbers of memory, so every gradient-descent run can say how far it is from the best line.
/// </summary>
public static class NormalEquations
{
    /// <summary>The smallest MSE any line reaches on <paramref name="data"/>, or null when the features are collinear.</summary>
    public static double? OptimumCost(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Solve(data) is not { } beta)
        {
            return null;
        }

        var k = data.FeatureCount;

        // The residuals in a second pass: the closed form y'y - b'X'y cancels catastrophically when the fit is good.
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
    public static double[]? Solve(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = data.FeatureCount;
        var n = k + 1;
        var gram = new double[n, n];
        var moment = new double[n];
        var row = new double[n];
        row[k] = 1;
        for (var r = 0; r < data.RowCount; r++)
        {
            var values = data.Row(r);
            for (var j = 0; j < k; j++)
            {
                row[j] = values[j];
            }

            double y = data.Targets[r];
            for (var i = 0; i < n; i++)
            {
                moment[i] += row[i] * y;
                for (var j = i; j < n; j++)
                {
                    gram[i, j] += row[i] * row[j];
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                gram[i, j] = gram[j, i];
            }
        }

        return SolveInPlace(gram, moment);
    }

    /// <summary>Gaussian elimination with partial pivoting; null when the matrix is singular.</summary>
    private static double[]? SolveInPlace(double[,] a, double[] b)
    {
        var n = b.Length;
        var scale = 0.0;
        for (var i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(a[i, i]));
        }

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
