using Linreg.Core.Statistics;
using Linreg.Core.Training;

namespace Linreg.Core.Solvers;

/// <summary>
/// Ridge, lasso and elastic net solved to double precision on a <see cref="CenteredProblem"/>, in the one form they
/// share: ½‖y − Xw‖² + λ‖w‖₁ + β/2·‖w‖² (<see cref="Penalty.OnHalfSquares"/>). Once the signs of w are known the
/// minimiser solves a linear system, (XₛᵀXₛ + βI)·w = Xₛᵀy − λ·sign(w), on the nonzero coefficients S; that system is
/// solved by QR of [Xₛ's factor; √β·I], which keeps the digits the normal equations would square away. Ridge has
/// every coefficient nonzero (λ = 0) and goes straight to it. With an l1 part, coordinate descent on the Gram matrix
/// (scikit-learn's algorithm) finds S and the signs, the system is solved on them, and the result is kept only if it
/// satisfies the optimality (KKT) conditions, else descent goes on; so the answer does not depend on a tolerance.
/// </summary>
public static class PenalizedLeastSquares
{
    /// <summary>Coordinate descent sweeps before giving up on finding the signs (each sweep is k² flops).</summary>
    public const int MaxSweeps = 1_000_000;

    /// <summary>The weights, in the problem's (possibly standardized) units.</summary>
    /// <param name="start">A warm start (the previous penalty's weights along a path); null starts at zero.</param>
    public static double[] Solve(CenteredProblem problem, Penalty penalty, double[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var k = problem.FeatureCount;
        var (l1, l2) = penalty.OnHalfSquares(problem.SumWeights);
        if (l1 == 0)
        {
            return OnSupport(problem, [.. Enumerable.Range(0, k)], new double[k], 0, l2) ?? new double[k];
        }

        var w = start is null ? new double[k] : (double[])start.Clone();
        var gram = problem.Gram;
        var cross = problem.Cross;
        var fitted = new double[k];
        Multiply(gram, w, fitted);
        var tolerance = 1e-10;
        for (var sweeps = 0; sweeps < MaxSweeps;)
        {
            sweeps += Descend(gram, cross, l1, l2, w, fitted, tolerance, MaxSweeps - sweeps);
            var support = Enumerable.Range(0, k).Where(j => w[j] != 0).ToArray();
            var exact = OnSupport(problem, support, [.. support.Select(j => (double)Math.Sign(w[j]))], l1, l2);
            if (exact is not null && Satisfies(gram, cross, l1, l2, exact))
            {
                return exact;
            }

            // Wrong signs or support: descend further, more finely, down to what double can tell apart.
            if (tolerance <= 1e-16)
            {
                break;
            }

            tolerance = Math.Max(tolerance / 100, 1e-16);
        }

        return w;
    }

    /// <summary>Cyclic coordinate descent until no coefficient moves by more than <paramref name="tolerance"/> of the largest; returns the sweeps made.</summary>
    private static int Descend(double[] gram, double[] cross, double l1, double l2, double[] w, double[] fitted, double tolerance, int limit)
    {
        var k = w.Length;
        for (var sweep = 1; sweep <= limit; sweep++)
        {
            double largest = 0, moved = 0;
            for (var j = 0; j < k; j++)
            {
                var diagonal = gram[(j * k) + j];
                if (diagonal + l2 <= 0)
                {
                    continue;
                }

                var rho = cross[j] - fitted[j] + (diagonal * w[j]);
                var next = Math.Sign(rho) * Math.Max(Math.Abs(rho) - l1, 0) / (diagonal + l2);
                var delta = next - w[j];
                if (delta != 0)
                {
                    for (var i = 0; i < k; i++)
                    {
                        fitted[i] += gram[(i * k) + j] * delta;
                    }

                    w[j] = next;
                }

                moved = Math.Max(moved, Math.Abs(delta));
                largest = Math.Max(largest, Math.Abs(next));
            }

            if (moved <= tolerance * largest)
            {
                return sweep;
            }
        }

        return limit;
    }

    /// <summary>
    /// The minimiser with the coefficients outside <paramref name="support"/> at zero and those in it of the given
    /// signs: (XₛᵀXₛ + βI)·w = Xₛᵀy − λ·s through the QR of [Xₛ's factor; √β·I]; null when that system is singular.
    /// </summary>
    private static double[]? OnSupport(CenteredProblem problem, int[] support, double[] signs, double l1, double l2)
    {
        var k = problem.FeatureCount;
        var m = support.Length;
        var w = new double[k];
        if (m == 0)
        {
            return w;
        }

        // The rows of [Xₛ's factor; √β·I], given column by column as Householder.Fold takes them.
        var rows = k + (l2 > 0 ? m : 0);
        var columns = new double[m * rows];
        var factor = problem.Factor;
        for (var a = 0; a < m; a++)
        {
            for (var i = 0; i < k; i++)
            {
                columns[(a * rows) + i] = factor[(i * (k + 1)) + support[a]];
            }

            if (l2 > 0)
            {
                columns[(a * rows) + k + a] = Math.Sqrt(l2);
            }
        }

        var t = new double[m * m];
        Householder.Fold(t, m, columns, rows, rows);
        for (var a = 0; a < m; a++)
        {
            if (!(t[(a * m) + a] > 0))
            {
                return null;
            }
        }

        // TᵀT·v = Xₛᵀy − λ·s: forward through Tᵀ, then back through T.
        var z = new double[m];
        for (var a = 0; a < m; a++)
        {
            var sum = problem.Cross[support[a]] - (l1 * signs[a]);
            for (var b = 0; b < a; b++)
            {
                sum -= t[(b * m) + a] * z[b];
            }

            z[a] = sum / t[(a * m) + a];
        }

        var v = Triangular.BackSolve(t, m, z);
        for (var a = 0; a < m; a++)
        {
            w[support[a]] = v[a];
        }

        return w;
    }

    /// <summary>
    /// The KKT conditions: each nonzero coefficient's gradient balances its l1 term exactly, and no zero one has a
    /// gradient the l1 term cannot hold (to rounding, 1e-9 of the largest |Xᵀy|).
    /// </summary>
    private static bool Satisfies(double[] gram, double[] cross, double l1, double l2, double[] w)
    {
        var k = w.Length;
        var fitted = new double[k];
        Multiply(gram, w, fitted);
        var slack = 1e-9 * Math.Max(cross.Max(Math.Abs), l1);
        for (var j = 0; j < k; j++)
        {
            var gradient = cross[j] - fitted[j] - (l2 * w[j]);
            var holds = w[j] == 0 ? Math.Abs(gradient) <= l1 + slack : Math.Abs(gradient - (l1 * Math.Sign(w[j]))) <= slack;
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static void Multiply(double[] gram, double[] w, double[] result)
    {
        var k = w.Length;
        for (var i = 0; i < k; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < k; j++)
            {
                sum += gram[(i * k) + j] * w[j];
            }

            result[i] = sum;
        }
    }
}
