using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Linreg.Core.Statistics;

/// <summary>
/// Tail probabilities and quantiles with the accuracy a p-value needs: upper tails from the incomplete beta function
/// directly rather than as 1 - CDF, which leaves nothing of a p-value below 1e-16 and few digits below 1e-8.
/// </summary>
internal static class Distributions
{
    /// <summary>P(|T| ≥ |t|) for Student's t with <paramref name="freedom"/> degrees, or the normal's when null.</summary>
    public static double TwoSided(double statistic, double? freedom)
    {
        if (double.IsNaN(statistic))
        {
            return double.NaN;
        }

        var size = Math.Abs(statistic);
        if (freedom is <= 0)
        {
            return double.NaN;
        }

        if (freedom is not { } df)
        {
            return 2 * Normal.CDF(0, 1, -size);
        }

        return double.IsPositiveInfinity(size) ? 0 : SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + (size * size)));
    }

    /// <summary>The 1 - α/2 quantile for a two-sided interval at <paramref name="level"/>.</summary>
    public static double Critical(double level, double? freedom)
    {
        var upper = 1 - ((1 - level) / 2);
        if (freedom is <= 0)
        {
            // No degrees of freedom left: the interval is undefined, not a distribution error.
            return double.NaN;
        }

        if (freedom is not { } df)
        {
            return Normal.InvCDF(0, 1, upper);
        }

        // MathNet finds the t quantile by bisection to 1e-8; two Newton steps on the upper tail take it to rounding.
        var tail = (1 - level) / 2;
        var x = StudentT.InvCDF(0, 1, df, upper);
        for (var step = 0; step < 2 && x > 0; step++)
        {
            var excess = (TwoSided(x, df) / 2) - tail;
            x += excess / StudentT.PDF(0, 1, df, x);
        }

        return x;
    }

    /// <summary>P(F ≥ f) for the F distribution with (d1, d2) degrees of freedom.</summary>
    public static double FUpper(double statistic, double d1, double d2)
    {
        if (double.IsNaN(statistic) || d1 <= 0 || d2 <= 0)
        {
            return double.NaN;
        }

        if (statistic <= 0)
        {
            return 1;
        }

        return double.IsPositiveInfinity(statistic) ? 0 : SpecialFunctions.BetaRegularized(d2 / 2, d1 / 2, d2 / (d2 + (d1 * statistic)));
    }
}
