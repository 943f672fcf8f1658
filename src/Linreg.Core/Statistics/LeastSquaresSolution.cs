using MathNet.Numerics.LinearAlgebra;

namespace Linreg.Core.Statistics;

/// <summary>
/// The least-squares fit from a <see cref="QrAccumulator"/>'s R, with rank deficiency handled as R's lm does: columns
/// are taken in order (intercept first) and one that is, to <c>tolerance</c> of its own norm, a combination of the
/// columns already taken is aliased, its coefficient null, and the model fitted without it.
/// </summary>
public sealed class LeastSquaresSolution
{
    private readonly double[] shift;
    private readonly int[] estimable;
    private readonly double[] shiftedBeta;
    private readonly double[] triangle;
    private readonly double[] inverse;

    private LeastSquaresSolution(QrAccumulator source, IReadOnlyList<string> featureNames, double tolerance, PivotedFit fit)
    {
        FeatureNames = featureNames;
        HasIntercept = source.HasIntercept;
        Tolerance = tolerance;
        shift = [.. source.Shift];
        Rows = source.Rows;
        WeightedRows = source.WeightedRows;
        SumWeights = source.SumWeights;
        SumLogWeights = source.SumLogWeights;
        estimable = fit.Estimable;
        shiftedBeta = fit.Beta;
        triangle = fit.Triangle;
        inverse = Triangular.Invert(triangle, Rank);
        ResidualSumOfSquares = fit.ResidualSquares;
        TotalSumOfSquares = fit.TotalSquares;

        var parameters = source.ParameterCount;
        var values = new double?[parameters];
        for (var t = 0; t < Rank; t++)
        {
            values[estimable[t]] = shiftedBeta[t];
        }

        var first = HasIntercept ? 1 : 0;
        if (HasIntercept && values[0] is { } shifted)
        {
            // b0 + Σ βj (xj - sj) = (b0 - Σ βj sj) + Σ βj xj, summed in term order.
            var intercept = shifted;
            for (var t = 1; t < Rank; t++)
            {
                intercept -= shiftedBeta[t] * shift[estimable[t] - 1];
            }

            values[0] = intercept;
        }

        Intercept = HasIntercept ? values[0] : null;
        Coefficients = values[first..];
        Aliased = [.. Coefficients.Select(value => value is null)];

        var original = OriginalInverse();
        UnscaledCovariance = Triangular.TimesTranspose(original, Rank);
        condition = new Lazy<double>(() => Condition(OriginalTriangle()));
    }

    public IReadOnlyList<string> FeatureNames { get; }

    public bool HasIntercept { get; }

    /// <summary>One per feature: the origin the fit was solved about (the accumulator's shift).</summary>
    public IReadOnlyList<double> Shift => shift;

    public double Tolerance { get; }

    /// <summary>The intercept in the features' own units; null without one (and when no row has weight).</summary>
    public double? Intercept { get; }

    /// <summary>One per feature, in the features' own units; null where the feature is aliased.</summary>
    public IReadOnlyList<double?> Coefficients { get; }

    public IReadOnlyList<bool> Aliased { get; }

    /// <summary>Estimable coefficients, the intercept included.</summary>
    public int Rank => estimable.Length;

    /// <summary>The estimable parameters in order: 0 is the intercept when there is one, then the features from 1 (or 0).</summary>
    public IReadOnlyList<int> EstimableParameters => estimable;

    public int ParameterCount => (HasIntercept ? 1 : 0) + FeatureNames.Count;

    /// <summary>Σ w·e², the weighted residual sum of squares.</summary>
    public double ResidualSumOfSquares { get; }

    /// <summary>Σ w·(y - ȳw)² with an intercept, Σ w·y² without (the sum R² is measured against).</summary>
    public double TotalSumOfSquares { get; }

    public long Rows { get; }

    public long WeightedRows { get; }

    public double SumWeights { get; }

    public double SumLogWeights { get; }

    /// <summary>
    /// (XᵀWX)⁻¹ over the estimable parameters (in <see cref="EstimableParameters"/> order, intercept first), in the
    /// features' own units, <see cref="Rank"/> × <see cref="Rank"/> row by row.
    /// </summary>
    public IReadOnlyList<double> UnscaledCovariance { get; }

    /// <summary>
    /// statsmodels' condition number: the ratio of the largest to the smallest singular value of the weighted design
    /// in its own units, constant column included, over the estimable terms.
    /// </summary>
    public double ConditionNumber => condition.Value;

    // An SVD, and MathNet's first use in a run: a gradient-descent run that only wants the optimum's RSS skips both.
    private readonly Lazy<double> condition;

    /// <param name="featureNames">One per feature; x1, x2, … when null.</param>
    /// <param name="tolerance">R's lm tol: a column whose part not explained by the earlier ones is below this
    /// fraction of its norm is aliased.</param>
    public static LeastSquaresSolution Solve(QrAccumulator accumulator, double tolerance = 1e-7, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        if (!(tolerance >= 0 && tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be in [0, 1)");
        }

        featureNames ??= [.. Enumerable.Range(1, accumulator.FeatureCount).Select(j => $"x{j}")];
        if (featureNames.Count != accumulator.FeatureCount)
        {
            throw new ArgumentException($"{featureNames.Count} feature name(s) for {accumulator.FeatureCount} feature(s)", nameof(featureNames));
        }

        var factor = accumulator.CopyFactor();
        var fit = PivotedFit.Compute(factor, accumulator.Width, accumulator.HasIntercept ? [.. accumulator.Shift] : null, tolerance);
        return new LeastSquaresSolution(accumulator, featureNames, tolerance, fit);
    }

    /// <summary>The fitted value at <paramref name="features"/>; aliased features count as zero, as in R.</summary>
    public double Predict(ReadOnlySpan<double> features)
    {
        Span<double> row = Rank <= 256 ? stackalloc double[Rank] : new double[Rank];
        Design(features, row);
        var sum = 0.0;
        for (var t = 0; t < Rank; t++)
        {
            sum += shiftedBeta[t] * row[t];
        }

        return sum;
    }

    /// <summary>
    /// xᵀ(XᵀWX)⁻¹x times <paramref name="weight"/>: the hat value of a row of the fit (its leverage), or for a new
    /// row at weight 1 the variance of the fitted mean in units of σ².
    /// </summary>
    public double Leverage(ReadOnlySpan<double> features, double weight = 1)
    {
        Span<double> row = Rank <= 256 ? stackalloc double[Rank] : new double[Rank];
        Design(features, row);
        return weight * Triangular.SolveTransposedSquares(triangle, Rank, row);
    }

    /// <summary>The row of the estimable columns of the shifted design: [1, x - shift] without the aliased ones.</summary>
    internal void Design(ReadOnlySpan<double> features, Span<double> row)
    {
        if (features.Length != FeatureNames.Count)
        {
            throw new ArgumentException($"{features.Length} feature value(s), expected {FeatureNames.Count}", nameof(features));
        }

        for (var t = 0; t < Rank; t++)
        {
            var feature = estimable[t] - (HasIntercept ? 1 : 0);
            row[t] = feature < 0 ? 1 : features[feature] - shift[feature];
        }
    }

    /// <summary>The fit's triangular factor over the estimable columns of the shifted design, row by row.</summary>
    internal ReadOnlySpan<double> Triangle => triangle;

    /// <summary>The inverse of <see cref="Triangle"/>.</summary>
    internal ReadOnlySpan<double> Inverse => inverse;

    /// <summary>
    /// The inverse of the factor in the features' own units: columns x = (x - s) + s·1, so R_own = R·M with M the
    /// identity plus the shifts in the intercept's row, and R_own⁻¹ = M⁻¹·R⁻¹ changes only the intercept's row.
    /// </summary>
    internal double[] OriginalInverse()
    {
        var result = (double[])inverse.Clone();
        if (HasIntercept && Rank > 0 && estimable[0] == 0)
        {
            for (var t = 1; t < Rank; t++)
            {
                var s = shift[estimable[t] - 1];
                for (var c = t; c < Rank; c++)
                {
                    result[c] -= s * inverse[(t * Rank) + c];
                }
            }
        }

        return result;
    }

    private double[] OriginalTriangle()
    {
        var result = (double[])triangle.Clone();
        if (HasIntercept && Rank > 0 && estimable[0] == 0)
        {
            for (var t = 1; t < Rank; t++)
            {
                result[t] += shift[estimable[t] - 1] * triangle[0];
            }
        }

        return result;
    }

    private double Condition(double[] factor)
    {
        if (Rank == 0)
        {
            return double.NaN;
        }

        var matrix = Matrix<double>.Build.Dense(Rank, Rank, (i, j) => factor[(i * Rank) + j]);
        var singular = matrix.Svd(computeVectors: false).S;
        var largest = singular.Maximum();
        var smallest = singular.Minimum();
        return smallest > 0 ? largest / smallest : double.PositiveInfinity;
    }
}
