namespace Linreg.Core.Statistics;

/// <summary>One row of a coefficient table; every number null for an aliased term.</summary>
public sealed record OlsTerm(string Term, double? Estimate, double? StdError, double? TValue, double? PValue, double? CiLower, double? CiUpper)
{
    public bool IsAliased => Estimate is null;
}

/// <summary>The fitted mean at a row, its standard error and interval, and the interval of a new observation there.</summary>
public sealed record PredictionInterval(double Mean, double MeanStdError, double MeanLower, double MeanUpper, double ObservationStdError, double ObservationLower, double ObservationUpper);

/// <summary>How much one row of the fit weighs on it: hat value, internally studentized residual, Cook's distance.</summary>
public sealed record RowInfluence(double Leverage, double StudentizedResidual, double CooksDistance);

/// <summary>Whether rows of weight zero count as observations (n, df_resid, log-likelihood).</summary>
public enum ZeroWeightRows
{
    /// <summary>
    /// statsmodels' WLS: they count in n and df_resid, and ½Σ log w makes the log-likelihood (AIC, BIC) -∞ (+∞)
    /// whenever there is one.
    /// </summary>
    Counted,

    /// <summary>R's lm(weights = w): they are left out of n and df_resid, and the log-likelihood is finite.</summary>
    Dropped,
}
