using System.Globalization;
using System.Text;
using Linreg.Core.Models;
using Linreg.Core.Statistics;

namespace Linreg.Core.Jobs;

/// <summary>
/// The coefficient table as R's summary(lm) lays it out: estimate, standard error, t (or z) value, p-value and
/// significance stars per term, NA for an aliased one, then the residual standard error, R², adjusted R² and the F
/// test, and the log-likelihood, AIC, BIC and condition number statsmodels adds.
/// </summary>
public static class InferenceTable
{
    public static void Write(TextWriter output, LinearModel model)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(model);
        if (model.Inference is not { } inference)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        var statistic = inference.UsesT ? "t" : "z";
        var aliased = inference.Terms.Count(t => t.IsAliased);
        output.WriteLine(aliased == 0 ? "Coefficients:" : string.Create(c, $"Coefficients: ({aliased} not defined because of singularities)"));
        var estimates = Column(inference.Terms.Select(t => t.Estimate));
        var errors = Column(inference.Terms.Select(t => t.StdError));
        var rows = inference.Terms.Select((term, i) => new[]
        {
            term.Term,
            estimates[i],
            errors[i],
            term.TValue is { } value && double.IsFinite(value) ? value.ToString("F3", c) : "NA",
            term.PValue is { } p && double.IsFinite(p) ? PValue(p) : "NA",
            term.PValue is { } q && double.IsFinite(q) ? Stars(q) : string.Empty,
        }).ToList();
        rows.Insert(0, [string.Empty, "Estimate", "Std. Error", $"{statistic} value", $"Pr(>|{statistic}|)", string.Empty]);
        var widths = Enumerable.Range(0, 6).Select(j => rows.Max(r => r[j].Length)).ToArray();
        foreach (var row in rows)
        {
            var line = new StringBuilder(row[0].PadRight(widths[0]));
            for (var j = 1; j < 5; j++)
            {
                line.Append(' ').Append(row[j].PadLeft(widths[j]));
            }

            output.WriteLine(line.Append(' ').Append(row[5]).ToString().TrimEnd());
        }

        output.WriteLine("---");
        output.WriteLine("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
        if (inference.CovarianceType != CovarianceType.NonRobust)
        {
            output.WriteLine($"Standard errors: {inference.CovarianceType} (heteroscedasticity-consistent); p-values and intervals from the normal distribution, as statsmodels");
        }

        output.WriteLine();
        output.WriteLine(string.Create(c, $"Residual standard error: {G4(inference.ResidualStdError)} on {inference.DfResidual:0.###} degrees of freedom"));
        var uncentred = model.HasIntercept ? string.Empty : " (uncentred: no intercept)";
        output.WriteLine(string.Create(c, $"Multiple R-squared:  {G4(inference.RSquared)},\tAdjusted R-squared:  {G4(inference.AdjRSquared)}{uncentred}"));
        if (double.IsFinite(inference.FStatistic))
        {
            var test = inference.CovarianceType == CovarianceType.NonRobust ? "F-statistic" : $"Wald F-statistic ({inference.CovarianceType})";
            output.WriteLine(string.Create(c, $"{test}: {G4(inference.FStatistic)} on {inference.DfModel:0.###} and {inference.DfResidual:0.###} DF,  p-value: {PValue(inference.FPValue)}"));
        }

        output.WriteLine(string.Create(c, $"Log-likelihood: {G4(inference.LogLikelihood)},  AIC: {G4(inference.Aic)},  BIC: {G4(inference.Bic)},  Condition number: {inference.ConditionNumber:0.###e+00}"));
    }

    /// <summary>A column of numbers to four significant digits: fixed-point when every one reads well so, else all in e-notation, as R does.</summary>
    internal static string[] Column(IEnumerable<double?> values)
    {
        var list = values.ToList();
        var finite = list.OfType<double>().Where(double.IsFinite).Where(v => v != 0).Select(Math.Abs).ToList();
        var fixedPoint = finite.Count == 0 || (finite.Min() >= 1e-3 && finite.Max() < 1e5);
        var decimals = finite.Count == 0 ? 0 : Math.Clamp(3 - (int)Math.Floor(Math.Log10(finite.Min())), 0, 6);
        return [.. list.Select(v => v is not { } value || !double.IsFinite(value) ? "NA"
            : fixedPoint ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value.ToString("0.000e+00", CultureInfo.InvariantCulture))];
    }

    private static string G4(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal) : "NA";

    /// <summary>R's format.pval: below 2e-16 (double's resolution near 1) it says so rather than print noise.</summary>
    private static string PValue(double p) => p < 2e-16 ? "<2e-16" : p < 1e-4 ? p.ToString("0.00e+00", CultureInfo.InvariantCulture) : G4(p);

    private static string Stars(double p) => p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : string.Empty;
}
