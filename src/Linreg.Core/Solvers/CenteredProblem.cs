using Linreg.Core.Statistics;

namespace Linreg.Core.Solvers;

/// <summary>
/// Least squares with the intercept taken out, as a penalty needs it: the triangular factor of the centred columns
/// [x − x̄ | y − ȳ] (optionally with each feature divided by its standard deviation), read off the R factor of
/// [1 | x − shift | y] that <see cref="QrAccumulator"/> folds in one pass. Projecting out the constant column is
/// centring, so the block of R after its first row and column is exactly that factor: nothing cancels, and the Gram
/// matrix XᵀX and Xᵀy of the centred data (what coordinate descent works on) follow from it. Without an intercept the
/// columns are not centred (x̄ = ȳ = 0), as scikit-learn's fit_intercept=False.
/// </summary>
public sealed class CenteredProblem
{
    private readonly double[] _factor;

    private CenteredProblem(long rows, bool intercept, double[] mean, double targetMean, double[] scale, double[] factor)
    {
        Rows = rows;
        HasIntercept = intercept;
        Mean = mean;
        TargetMean = targetMean;
        Scale = scale;
        _factor = factor;
        var k = mean.Length;
        Gram = new double[k * k];
        Cross = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = i; j < k; j++)
            {
                Gram[(i * k) + j] = Gram[(j * k) + i] = ColumnDot(i, j);
            }

            Cross[i] = ColumnDot(i, k);
        }
    }

    public long Rows { get; }

    /// <summary>
    /// Σ w of the rows (the row count unweighted): the n of scikit-learn's Lasso and ElasticNet objectives, which
    /// rescale sample_weight to sum to n_samples, so that 1/(2n)·Σ w' r² is 1/(2Σw)·Σ w r².
    /// </summary>
    public double SumWeights { get; private init; }

    public bool HasIntercept { get; }

    public int FeatureCount => Mean.Count;

    /// <summary>The features' means (zeros without an intercept).</summary>
    public IReadOnlyList<double> Mean { get; }

    public double TargetMean { get; }

    /// <summary>Each feature's population standard deviation when standardized (1 for a constant one), else 1.</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>XᵀX of the centred (and scaled) features, k × k row by row.</summary>
    internal double[] Gram { get; }

    /// <summary>Xᵀy of the centred (and scaled) features and target.</summary>
    internal double[] Cross { get; }

    /// <summary>The factor of [X | y], (k + 1) × (k + 1) row by row, upper triangular.</summary>
    internal ReadOnlySpan<double> Factor => _factor;

    /// <param name="standardize">Divide each feature by its population standard deviation, as StandardScaler does.</param>
    public static CenteredProblem From(QrAccumulator accumulator, bool standardize)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        if (accumulator.Rows == 0)
        {
            throw new ArgumentException("no rows", nameof(accumulator));
        }

        var k = accumulator.FeatureCount;
        var width = accumulator.Width;
        var first = accumulator.HasIntercept ? 1 : 0;
        var r = accumulator.CopyFactor();
        var mean = new double[k];
        var targetMean = 0.0;
        if (accumulator.HasIntercept)
        {
            for (var j = 0; j < k; j++)
            {
                mean[j] = accumulator.Shift[j] + (r[1 + j] / r[0]);
            }

            targetMean = r[width - 1] / r[0];
        }

        var factor = new double[(k + 1) * (k + 1)];
        for (var i = 0; i <= k; i++)
        {
            for (var j = i; j <= k; j++)
            {
                factor[(i * (k + 1)) + j] = r[((first + i) * width) + first + j];
            }
        }

        var scale = Enumerable.Repeat(1.0, k).ToArray();
        if (standardize)
        {
            for (var j = 0; j < k; j++)
            {
                var squares = 0.0;
                for (var i = 0; i <= j; i++)
                {
                    squares += factor[(i * (k + 1)) + j] * factor[(i * (k + 1)) + j];
                }

                var spread = Math.Sqrt(squares / accumulator.Rows);
                if (spread > 0)
                {
                    scale[j] = spread;
                    for (var i = 0; i <= j; i++)
                    {
                        factor[(i * (k + 1)) + j] /= spread;
                    }
                }
            }
        }

        return new CenteredProblem(accumulator.Rows, accumulator.HasIntercept, mean, targetMean, scale, factor) { SumWeights = accumulator.SumWeights };
    }

    /// <summary>
    /// The path --alpha auto scores, largest first, in the penalty's own (scikit-learn's) units. For l1 and elastic
    /// net it is glmnet's and scikit-learn's _alpha_grid: from α_max = max|Xᵀy|/(n·r) on the centred data, the
    /// smallest α that zeroes every coefficient, down to α_max/1000, log-spaced. Ridge never zeroes a coefficient,
    /// so its path is anchored to the data's scale instead: from 1000 down to 1/1000 times the mean diagonal of XᵀX,
    /// which runs from shrinking every coefficient about a thousandfold to hardly at all.
    /// </summary>
    public double[] AlphaPath(Training.Penalty penalty, int count = 100, double ratio = 1e-3)
    {
        var k = FeatureCount;
        var top = penalty.Kind == Training.PenaltyKind.L2
            ? Enumerable.Range(0, k).Average(j => Gram[(j * k) + j]) / ratio
            : Cross.Max(Math.Abs) / (SumWeights * penalty.L1Share);
        if (!(top > 0))
        {
            throw new LinregException(ExitCode.DataError, "--alpha auto: every feature is constant or uncorrelated with the target, so there is no path of penalties to choose from; give --alpha a number");
        }

        // numpy.geomspace(top, top·ratio, count), as scikit-learn's _alpha_grid writes it: log-spaced, ends exact.
        var high = Math.Log10(top);
        var step = (Math.Log10(top * ratio) - high) / (count - 1);
        var path = Enumerable.Range(0, count).Select(i => Math.Pow(10, high + (i * step))).ToArray();
        path[0] = top;
        path[^1] = top * ratio;
        return path;
    }

    /// <summary>The weights in the features' own units and the intercept, from weights in this problem's (scaled) units.</summary>
    public (double[] Weights, double Intercept) ToOriginal(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var original = new double[FeatureCount];
        var intercept = TargetMean;
        for (var j = 0; j < FeatureCount; j++)
        {
            original[j] = weights[j] / Scale[j];
            intercept -= original[j] * Mean[j];
        }

        return (original, HasIntercept ? intercept : 0);
    }

    private double ColumnDot(int a, int b)
    {
        var width = FeatureCount + 1;
        var sum = 0.0;
        for (var i = 0; i <= Math.Min(a, b); i++)
        {
            sum += _factor[(i * width) + a] * _factor[(i * width) + b];
        }

        return sum;
    }
}
