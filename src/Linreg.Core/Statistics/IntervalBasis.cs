namespace Linreg.Core.Statistics;

/// <summary>
/// What intervals and influence measures need from a fit, kept in the shifted coordinates [1 | x − shift] the fit
/// was solved in: there a fitted mean's variance is a sum of terms of moderate size, where in the features' own
/// units an ill-conditioned design (Longley's) would cancel most of its digits. Model files store it, so predict
/// and plot give what the fit itself gives.
/// </summary>
/// <param name="Estimable">The estimable parameters in order: 0 is the intercept when there is one, then the features.</param>
/// <param name="Shift">One per feature: the origin of the coordinates below.</param>
/// <param name="Covariance">The estimates' covariance (the type in use) over <paramref name="Estimable"/>, row by row.</param>
/// <param name="Unscaled">(XᵀWX)⁻¹ over <paramref name="Estimable"/>: hat values, and the nonrobust covariance over σ².</param>
/// <param name="Scale">σ², the residual variance.</param>
/// <param name="UsesT">Student's t with <paramref name="DfResidual"/> degrees of freedom, or the normal distribution.</param>
public sealed record IntervalBasis(
    bool HasIntercept,
    IReadOnlyList<int> Estimable,
    IReadOnlyList<double> Shift,
    IReadOnlyList<double> Covariance,
    IReadOnlyList<double> Unscaled,
    double Scale,
    double DfResidual,
    bool UsesT)
{
    public int Rank => Estimable.Count;

    /// <summary>The fitted mean's standard error and intervals at <paramref name="level"/>, about <paramref name="mean"/>.</summary>
    /// <remarks>As statsmodels' get_prediction: the mean's variance from the covariance in use, a new observation of
    /// weight 1 adding σ², the t or normal quantile as the coefficients use.</remarks>
    public PredictionInterval Interval(double mean, ReadOnlySpan<double> features, double level)
    {
        var row = Design(features);
        var variance = Quadratic(Covariance, row);
        var critical = Distributions.Critical(level, UsesT ? DfResidual : null);
        var se = Math.Sqrt(variance);
        var observation = Math.Sqrt(variance + Scale);
        return new PredictionInterval(mean, se, mean - (critical * se), mean + (critical * se), observation, mean - (critical * observation), mean + (critical * observation));
    }

    /// <summary>xᵀ(XᵀWX)⁻¹x times the row's weight: its hat value (leverage).</summary>
    public double Leverage(ReadOnlySpan<double> features, double weight = 1) => weight * Quadratic(Unscaled, Design(features));

    /// <summary>Influence of one row of the fitted data: statsmodels' hat_matrix_diag, resid_studentized_internal, cooks_distance.</summary>
    public RowInfluence Influence(double fitted, ReadOnlySpan<double> features, double target, double weight = 1)
    {
        var h = Leverage(features, weight);
        var residual = Math.Sqrt(weight) * (target - fitted);
        var studentized = residual / Math.Sqrt(Scale * (1 - h));
        return new RowInfluence(h, studentized, studentized * studentized * h / (1 - h) / Rank);
    }

    /// <summary>The row of the estimable columns of the shifted design: [1, x − shift] without the aliased ones.</summary>
    private double[] Design(ReadOnlySpan<double> features)
    {
        if (features.Length != Shift.Count)
        {
            throw new ArgumentException($"{features.Length} feature value(s), expected {Shift.Count}", nameof(features));
        }

        var row = new double[Rank];
        var first = HasIntercept ? 1 : 0;
        for (var t = 0; t < Rank; t++)
        {
            var feature = Estimable[t] - first;
            row[t] = feature < 0 ? 1 : features[feature] - Shift[feature];
        }

        return row;
    }

    private double Quadratic(IReadOnlyList<double> matrix, double[] x)
    {
        var n = Rank;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < n; j++)
            {
                inner += matrix[(i * n) + j] * x[j];
            }

            sum += x[i] * inner;
        }

        return sum;
    }
}
