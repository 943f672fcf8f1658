using Linreg.Core.Models;
using MathNet.Numerics.Distributions;

namespace Linreg.Core.Plots;

/// <summary>
/// Each row's numbers behind R's plot.lm, in data order. The influence measures need the exact fit's
/// <see cref="ModelInference"/> and are null for a gradient-descent model; a row whose leverage is 1 (or more, on
/// rows the model was not fitted on) has no standardized residual and holds NaN there.
/// </summary>
/// <param name="Standardized">Internally studentized residuals: statsmodels' resid_studentized_internal, R's rstandard.</param>
public sealed record RowDiagnostics(double[] Fitted, double[] Residuals, double[]? Leverage, double[]? Standardized, double[]? CooksDistance)
{
    public int Count => Fitted.Length;
}

/// <summary>
/// The points R's plot.lm draws, apart from the drawing so they can be checked against statsmodels and R without
/// images.
/// </summary>
public static class Diagnostics
{
    /// <summary>R's id.n: how many of the most extreme rows are labelled with their row number.</summary>
    public const int LabelledRows = 3;

    /// <summary>R's cook.levels: the Cook's distances whose contours the leverage plot draws.</summary>
    public static readonly IReadOnlyList<double> CookLevels = [0.5, 1];

    /// <summary>R's 1 − 10ε: from here on a leverage counts as 1.</summary>
    private static readonly double OneLeverage = 1 - (10 * (Math.BitIncrement(1.0) - 1));

    /// <param name="features">Row-major, <c>model.FeatureCount</c> values per row, in the model's feature order.</param>
    public static RowDiagnostics Compute(LinearModel model, IReadOnlyList<double> features, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        var k = model.FeatureCount;
        if (features.Count != targets.Count * k)
        {
            throw new ArgumentException($"{features.Count} feature values for {targets.Count} rows of {k} feature(s)", nameof(features));
        }

        var n = targets.Count;
        var basis = model.Inference?.Basis;
        var fitted = new double[n];
        var residuals = new double[n];
        var leverage = basis is null ? null : new double[n];
        var standardized = basis is null ? null : new double[n];
        var cooks = basis is null ? null : new double[n];
        var row = new double[k];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < k; j++)
            {
                row[j] = features[(i * k) + j];
            }

            fitted[i] = model.Predict(row);
            residuals[i] = targets[i] - fitted[i];
            if (basis is not null)
            {
                var influence = basis.Influence(fitted[i], row, targets[i]);
                // As R's lm.influence: a leverage within rounding of 1 is 1, where the residual is 0 whatever rounding
                // left of it, and its ratio to √(1 − h) is no number.
                var exact = influence.Leverage >= OneLeverage;
                leverage![i] = exact ? Math.Max(1, influence.Leverage) : influence.Leverage;
                standardized![i] = exact || !double.IsFinite(influence.StudentizedResidual) ? double.NaN : influence.StudentizedResidual;
                cooks![i] = double.IsNaN(standardized[i]) ? double.NaN : influence.CooksDistance;
            }
        }

        return new RowDiagnostics(fitted, residuals, leverage, standardized, cooks);
    }

    /// <summary>R's ppoints(n): the probabilities (i − a) / (n + 1 − 2a), a = 3/8 up to 10 points and 1/2 beyond.</summary>
    public static double[] PlottingPositions(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var a = n <= 10 ? 3.0 / 8 : 0.5;
        return [.. Enumerable.Range(1, n).Select(i => (i - a) / (n + 1 - (2 * a)))];
    }

    /// <summary>
    /// R's qqnorm: each value's theoretical normal quantile, qnorm(ppoints(n)) at the value's rank among the finite
    /// values (ties in row order, as R's order); NaN where the value is not finite.
    /// </summary>
    public static double[] NormalQuantiles(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ranked = Enumerable.Range(0, values.Count).Where(i => double.IsFinite(values[i])).OrderBy(i => values[i]).ToArray();
        var positions = PlottingPositions(ranked.Length);
        var quantiles = new double[values.Count];
        Array.Fill(quantiles, double.NaN);
        for (var r = 0; r < ranked.Length; r++)
        {
            quantiles[ranked[r]] = Normal.InvCDF(0, 1, positions[r]);
        }

        return quantiles;
    }

    /// <summary>
    /// R's qqline: the line through the first and third quartiles of the finite values (R's default, type 7) and of
    /// the standard normal. Null with no finite value.
    /// </summary>
    public static (double Slope, double Intercept)? QuartileLine(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var (y1, y3) = (Quantile7(sorted, 0.25), Quantile7(sorted, 0.75));
        var (x1, x3) = (Normal.InvCDF(0, 1, 0.25), Normal.InvCDF(0, 1, 0.75));
        var slope = (y3 - y1) / (x3 - x1);
        return (slope, y1 - (slope * x1));
    }

    /// <summary>The scale-location plot's y: √|standardized residual|, where a spread growing with the fit shows as a rising trend.</summary>
    public static double[] RootAbsolute(IReadOnlyList<double> standardized)
    {
        ArgumentNullException.ThrowIfNull(standardized);
        return [.. standardized.Select(r => Math.Sqrt(Math.Abs(r)))];
    }

    /// <summary>
    /// The upper half of the contour where Cook's distance is <paramref name="level"/>: the standardized residual
    /// √(level · rank · (1 − h) / h) at <paramref name="points"/> leverages h evenly from <paramref name="from"/> to
    /// <paramref name="to"/> (R draws 101); the lower half is its negative. Leverages outside (0, 1), where no
    /// residual reaches the level, are left out.
    /// </summary>
    public static (double[] Leverage, double[] Standardized) CookContour(double level, int rank, double from, double to, int points = 101)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var leverage = new List<double>(points);
        var standardized = new List<double>(points);
        for (var i = 0; i < points; i++)
        {
            var h = from + ((to - from) * i / (points - 1));
            var r = Math.Sqrt(level * rank * (1 - h) / h);
            if (h > 0 && double.IsFinite(r))
            {
                leverage.Add(h);
                standardized.Add(r);
            }
        }

        return ([.. leverage], [.. standardized]);
    }

    /// <summary>
    /// R's sort.list(abs(x), decreasing = TRUE)[1:count]: the rows of the largest finite |value|, largest first,
    /// ties in row order; fewer when fewer are finite.
    /// </summary>
    public static int[] MostExtreme(IReadOnlyList<double> values, int count = LabelledRows)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. Enumerable.Range(0, values.Count).Where(i => double.IsFinite(values[i])).OrderByDescending(i => Math.Abs(values[i])).Take(count)];
    }

    /// <summary>Hyndman and Fan's type 7, R's default: interpolated between order statistics at (n − 1)p.</summary>
    private static double Quantile7(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((h - low) * (sorted[high] - sorted[low]));
    }
}
