using Linreg.Core.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Linreg.Core.Training;

/// <summary>
/// The curvature of the cost gradient descent minimises, known before the first step. The MSE is a quadratic in
/// (W, b) whose Hessian is H = 2·E[[x; 1][x; 1]ᵀ] (the uncentred second moments of the features and a constant), plus
/// 2β on W for a penalty's l2 part. On a quadratic, full-batch SGD multiplies the error along each eigenvector of H
/// by (1 − lr·λ) a step, so it diverges exactly when lr > 2/L (L the largest eigenvalue), and heavy-ball momentum m
/// (PyTorch's SGD) when lr > 2(1 + m)/L. At lr = 1/L the slowest direction shrinks by (1 − 1/κ) a step, κ = L/μ the
/// condition number, and the cost's excess (the square of that error) by (1 − 1/κ)², so getting the excess down by
/// a factor ε takes about (κ/2)·ln(1/ε) steps.
/// </summary>
/// <param name="Largest">L, the Hessian's largest eigenvalue.</param>
/// <param name="Smallest">μ, its smallest (over directions the gradient can move: a constant standardized feature is left out).</param>
public sealed record StepSize(double Largest, double Smallest)
{
    /// <summary>Past this many features the eigenvalues of the (k+1)² Hessian cost more than they save.</summary>
    public const int MaxFeatures = TrainSettings.MomentsMaxFeatures;

    /// <summary>How close to the optimum the step estimate aims: 0.1%.</summary>
    public const double Closeness = 1e-3;

    public double Condition => Smallest > 0 ? Largest / Smallest : double.PositiveInfinity;

    /// <summary>--lr auto for SGD (with or without momentum): 1/L, half the stable bound, where every direction shrinks monotonically.</summary>
    public double Auto => 1 / Largest;

    /// <summary>Full-batch SGD with momentum <paramref name="momentum"/> diverges above this rate.</summary>
    public double StableBelow(double momentum) => 2 * (1 + momentum) / Largest;

    /// <summary>Steps at <see cref="Auto"/> to shrink the cost's excess along the slowest direction by <see cref="Closeness"/>: (κ/2)·ln(1/ε).</summary>
    public double StepsToConverge => Condition / 2 * Math.Log(1 / Closeness);

    /// <summary>
    /// --lr auto for Adam: the target's standard deviation over 100, σ_y/100. Adam moves every
    /// parameter by about lr a step whatever the gradient's scale, so this reaches a coefficient of the target's size
    /// in about a hundred steps and then settles; it has no stability bound to respect.
    /// </summary>
    public static double AdamAuto(DataMoments moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        var spread = Math.Sqrt(moments.TargetVariance);
        return spread > 0 ? spread / 100 : 1e-3;
    }

    /// <summary>
    /// The curvature of the MSE (plus <paramref name="penalty"/>) on the data these moments describe, or on the same
    /// data standardized (features at zero mean and unit variance, as <see cref="Standardization"/> makes them);
    /// null past <see cref="MaxFeatures"/>.
    /// </summary>
    public static StepSize? Of(DataMoments moments, Penalty penalty, bool standardized)
    {
        ArgumentNullException.ThrowIfNull(moments);
        var k = moments.FeatureCount;
        if (k > MaxFeatures || moments.Rows == 0)
        {
            return null;
        }

        var ridge = 2 * penalty.OnMse(moments.Rows).L2;
        var scale = new double[k];
        for (var j = 0; j < k; j++)
        {
            var spread = Math.Sqrt(moments.Covariance[(j * k) + j]);
            scale[j] = standardized && spread > 0 ? spread : 1;
        }

        // A constant feature standardizes to zeros: its weight never moves, so it is no direction of the problem.
        var kept = Enumerable.Range(0, k).Where(j => !standardized || ridge > 0 || moments.Covariance[(j * k) + j] > 0).ToArray();
        var m = kept.Length;
        var hessian = new double[m + 1, m + 1];
        for (var a = 0; a < m; a++)
        {
            var i = kept[a];
            var meanI = standardized ? 0 : moments.FeatureMean[i];
            for (var b = 0; b < m; b++)
            {
                var j = kept[b];
                var meanJ = standardized ? 0 : moments.FeatureMean[j];
                hessian[a, b] = 2 * ((moments.Covariance[(i * k) + j] / (scale[i] * scale[j])) + (meanI * meanJ));
            }

            hessian[a, a] += ridge;
            hessian[a, m] = hessian[m, a] = 2 * meanI;
        }

        hessian[m, m] = 2;
        var (largest, smallest) = m <= 1 ? Symmetric2x2(hessian, m) : Eigenvalues(hessian);
        return new StepSize(largest, Math.Max(0, smallest));
    }

    /// <summary>
    /// One feature (the lesson): the 2 × 2 symmetric matrix's eigenvalues in closed form, which spares every such run
    /// loading and compiling MathNet's eigensolver (about 50 ms of the lesson's start-up).
    /// </summary>
    private static (double Largest, double Smallest) Symmetric2x2(double[,] h, int m)
    {
        if (m == 0)
        {
            return (h[0, 0], h[0, 0]);
        }

        var half = (h[0, 0] + h[1, 1]) / 2;
        var radius = Math.Sqrt((((h[0, 0] - h[1, 1]) / 2) * ((h[0, 0] - h[1, 1]) / 2)) + (h[0, 1] * h[1, 0]));
        var largest = half + radius;

        // The smaller one from the determinant: half - radius would cancel to noise on an ill-conditioned pair.
        return (largest, largest > 0 ? ((h[0, 0] * h[1, 1]) - (h[0, 1] * h[1, 0])) / largest : half - radius);
    }

    private static (double Largest, double Smallest) Eigenvalues(double[,] h)
    {
        var eigenvalues = Matrix<double>.Build.DenseOfArray(h).Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).ToArray();
        return (eigenvalues.Max(), eigenvalues.Min());
    }
}
