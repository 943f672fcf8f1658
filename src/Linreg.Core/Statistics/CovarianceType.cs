namespace Linreg.Core.Statistics;

/// <summary>
/// How coefficient standard errors are estimated, as statsmodels names them: the classical σ²(XᵀWX)⁻¹, or a
/// heteroscedasticity-consistent sandwich (XᵀWX)⁻¹ Xᵀ diag(ω) X (XᵀWX)⁻¹ on the whitened rows √w·x.
/// </summary>
public enum CovarianceType
{
    NonRobust,

    /// <summary>ω = e² (White).</summary>
    HC0,

    /// <summary>ω = e² · n / df_resid.</summary>
    HC1,

    /// <summary>ω = e² / (1 - h).</summary>
    HC2,

    /// <summary>ω = e² / (1 - h)².</summary>
    HC3,
}
