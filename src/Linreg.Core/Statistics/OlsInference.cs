using MathNet.Numerics.LinearAlgebra;

namespace Linreg.Core.Statistics;

/// <summary>
/// The inference statsmodels 0.14 prints for an OLS or WLS fit (and R's lm, for the estimable terms): coefficient
/// table, R², F test, log-likelihood and information criteria. Nonrobust standard errors use Student's t, the HC
/// ones the normal distribution and a Wald F test of the non-constant terms, as statsmodels does by default.
/// </summary>
public sealed class OlsInference
{
    private readonly LeastSquaresSolution solution;
    private readonly double robustFactor;

    private OlsInference(LeastSquaresSolution solution, CovarianceType type, RobustMeat? meat, double level, ZeroWeightRows zeroWeights)
    {
        this.solution = solution;
        CovarianceType = type;
        Level = level;
        ZeroWeightRows = zeroWeights;
        UsesT = type == CovarianceType.NonRobust;
        Observations = zeroWeights == ZeroWeightRows.Counted ? solution.Rows : solution.WeightedRows;
        Rank = solution.Rank;
        var constant = solution.HasIntercept ? 1 : 0;
        DfResidual = Observations - Rank;
        DfModel = Rank - constant;

        var ssr = solution.ResidualSumOfSquares;
        Scale = ssr / DfResidual;
        ResidualStdError = Math.Sqrt(Scale);
        RSquared = 1 - (ssr / solution.TotalSumOfSquares);
        AdjRSquared = 1 - ((Observations - constant) / DfResidual * (1 - RSquared));

        var n = (double)Observations;
        LogLikelihood = (-n / 2 * (Math.Log(2 * Math.PI) + Math.Log(ssr / n) + 1)) + (0.5 * solution.SumLogWeights);
        if (zeroWeights == ZeroWeightRows.Counted && solution.Rows > solution.WeightedRows)
        {
            LogLikelihood = double.NegativeInfinity;
        }

        Aic = (-2 * LogLikelihood) + (2 * (DfModel + constant));
        Bic = (-2 * LogLikelihood) + (Math.Log(n) * (DfModel + constant));

        double[] covariance;
        if (meat is null)
        {
            covariance = [.. solution.UnscaledCovariance.Select(c => c * Scale)];
        }
        else
        {
            robustFactor = type == CovarianceType.HC1 ? n / DfResidual : 1;
            covariance = RobustMeat.Sandwich(solution.OriginalInverse(), solution.Inverse, meat.Symmetric(), Rank, robustFactor);
        }

        Covariance = covariance;
        var unscaled = Triangular.TimesTranspose([.. solution.Inverse], Rank);
        var shiftedCovariance = meat is null
            ? [.. unscaled.Select(c => c * Scale)]
            : RobustMeat.Sandwich([.. solution.Inverse], solution.Inverse, meat.Symmetric(), Rank, robustFactor);
        Basis = new IntervalBasis(solution.HasIntercept, solution.EstimableParameters, solution.Shift, shiftedCovariance, unscaled, Scale, DfResidual, UsesT);
        Terms = BuildTerms(covariance);
        Aliased = [.. Terms.Where(term => term.IsAliased).Select(term => term.Term)];
        (FStatistic, FPValue) = meat is null ? ClassicalF(ssr) : WaldF(covariance);
    }

    public IReadOnlyList<OlsTerm> Terms { get; }

    public IReadOnlyList<string> Aliased { get; }

    public CovarianceType CovarianceType { get; }

    /// <summary>True for Student's t with <see cref="DfResidual"/> degrees of freedom, false for the normal.</summary>
    public bool UsesT { get; }

    public double Level { get; }

    public ZeroWeightRows ZeroWeightRows { get; }

    /// <summary>n: statsmodels' nobs, or R's with <see cref="ZeroWeightRows.Dropped"/>.</summary>
    public long Observations { get; }

    public int Rank { get; }

    public double DfResidual { get; }

    public double DfModel { get; }

    /// <summary>σ² = SSR / df_resid.</summary>
    public double Scale { get; }

    public double ResidualStdError { get; }

    /// <summary>Centred with an intercept, uncentred without, as statsmodels and R define it.</summary>
    public double RSquared { get; }

    public double AdjRSquared { get; }

    public double FStatistic { get; }

    public double FPValue { get; }

    public double LogLikelihood { get; }

    public double Aic { get; }

    public double Bic { get; }

    public double ConditionNumber => solution.ConditionNumber;

    /// <summary>The estimates' covariance over the estimable terms (intercept first), rank × rank row by row.</summary>
    public IReadOnlyList<double> Covariance { get; }

    /// <param name="meat">The second pass over the rows for a robust <paramref name="type"/>; null for nonrobust.</param>
    /// <param name="level">Confidence level of the intervals, such as 0.95.</param>
    public static OlsInference Compute(LeastSquaresSolution solution, CovarianceType type = CovarianceType.NonRobust, RobustMeat? meat = null, double level = 0.95, ZeroWeightRows zeroWeights = ZeroWeightRows.Counted)
    {
        ArgumentNullException.ThrowIfNull(solution);
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "the level must be between 0 and 1");
        }

        if (solution.WeightedRows < solution.ParameterCount)
        {
            throw new ArgumentException($"{solution.WeightedRows} row(s) of positive weight for {solution.ParameterCount} parameter(s)", nameof(solution));
        }

        if ((type == CovarianceType.NonRobust) != (meat is null))
        {
            throw new ArgumentException(meat is null ? $"{type} needs the robust meat of a second pass" : "a nonrobust covariance takes no meat", nameof(meat));
        }

        if (meat is not null && (meat.Type != type || !ReferenceEquals(meat.Solution, solution)))
        {
            throw new ArgumentException($"the meat is {meat.Type} of another solution", nameof(meat));
        }

        return new OlsInference(solution, type, meat, level, zeroWeights);
    }

    /// <summary>What intervals and influence need, in the fit's own coordinates; model files store it.</summary>
    public IntervalBasis Basis { get; }

    /// <summary>The fitted mean at <paramref name="features"/> and the intervals at <paramref name="level"/> (this one's by default).</summary>
    public PredictionInterval Predict(ReadOnlySpan<double> features, double? level = null) =>
        Basis.Interval(solution.Predict(features), features, level ?? Level);

    /// <summary>Influence of one row of the fitted data: statsmodels' hat_matrix_diag, resid_studentized_internal, cooks_distance.</summary>
    public RowInfluence Influence(ReadOnlySpan<double> features, double target, double weight = 1) =>
        Basis.Influence(solution.Predict(features), features, target, weight);

    private OlsTerm[] BuildTerms(double[] covariance)
    {
        var names = new List<string>();
        if (solution.HasIntercept)
        {
            names.Add("(Intercept)");
        }

        names.AddRange(solution.FeatureNames);
        var critical = Distributions.Critical(Level, UsesT ? DfResidual : null);
        var terms = names.Select(name => new OlsTerm(name, null, null, null, null, null, null)).ToArray();
        for (var t = 0; t < Rank; t++)
        {
            var parameter = solution.EstimableParameters[t];
            var estimate = parameter == 0 && solution.HasIntercept ? solution.Intercept!.Value : solution.Coefficients[parameter - (solution.HasIntercept ? 1 : 0)]!.Value;
            var se = Math.Sqrt(covariance[(t * Rank) + t]);
            var statistic = estimate / se;
            terms[parameter] = new OlsTerm(names[parameter], estimate, se, statistic, Distributions.TwoSided(statistic, UsesT ? DfResidual : null), estimate - (critical * se), estimate + (critical * se));
        }

        return terms;
    }

    private (double F, double P) ClassicalF(double ssr)
    {
        if (DfModel == 0)
        {
            return (double.NaN, double.NaN);
        }

        var explained = solution.TotalSumOfSquares - ssr;
        var f = explained / DfModel / Scale;
        return (f, Distributions.FUpper(f, DfModel, DfResidual));
    }

    /// <summary>statsmodels' robust F: the Wald statistic of "every non-constant term is zero" over its count.</summary>
    private (double F, double P) WaldF(double[] covariance)
    {
        var first = solution.HasIntercept ? 1 : 0;
        var count = Rank - first;
        if (count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var block = Matrix<double>.Build.Dense(count, count, (i, j) => covariance[((i + first) * Rank) + j + first]);
        var estimates = Vector<double>.Build.Dense(count, i => Terms[solution.EstimableParameters[i + first]].Estimate!.Value);
        var wald = estimates.DotProduct(block.Svd(computeVectors: true).Solve(estimates));
        var f = wald / count;
        return (f, Distributions.FUpper(f, count, DfResidual));
    }
}
