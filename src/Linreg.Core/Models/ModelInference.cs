using Linreg.Core.Statistics;

namespace Linreg.Core.Models;

/// <summary>
/// The exact solver's inference as a model keeps it: the coefficient table and fit statistics statsmodels and R
/// print, and the <see cref="IntervalBasis"/> predict and plot compute intervals and influence from. Train reports
/// it, model files store it, inspect and evaluate show it again without the data.
/// </summary>
public sealed record ModelInference(
    IReadOnlyList<OlsTerm> Terms,
    CovarianceType CovarianceType,
    double Level,
    long Observations,
    double ResidualStdError,
    double DfResidual,
    double DfModel,
    double RSquared,
    double AdjRSquared,
    double FStatistic,
    double FPValue,
    double LogLikelihood,
    double Aic,
    double Bic,
    double ConditionNumber,
    IntervalBasis Basis)
{
    public int Rank => Basis.Rank;

    public bool UsesT => Basis.UsesT;

    public IEnumerable<string> Aliased => Terms.Where(term => term.IsAliased).Select(term => term.Term);

    public static ModelInference From(OlsInference inference)
    {
        ArgumentNullException.ThrowIfNull(inference);
        return new ModelInference(
            inference.Terms,
            inference.CovarianceType,
            inference.Level,
            inference.Observations,
            inference.ResidualStdError,
            inference.DfResidual,
            inference.DfModel,
            inference.RSquared,
            inference.AdjRSquared,
            inference.FStatistic,
            inference.FPValue,
            inference.LogLikelihood,
            inference.Aic,
            inference.Bic,
            inference.ConditionNumber,
            inference.Basis);
    }
}
