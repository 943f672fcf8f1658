using System.Globalization;
using Linreg.Core.Models;
using ScottPlot;

namespace Linreg.Core.Plots;

/// <summary>What <c>linreg plot --kind</c> draws.</summary>
public enum PlotKind
{
    /// <summary><see cref="FitPlot"/>: the data and the line, or predicted against actual.</summary>
    Fit,

    /// <summary>R's "Residuals vs Fitted": any model.</summary>
    Residuals,

    /// <summary>R's "Normal Q-Q" of the standardized residuals: needs the exact fit's inference.</summary>
    Qq,

    /// <summary>R's "Scale-Location": √|standardized residual| against fitted; needs the inference.</summary>
    ScaleLocation,

    /// <summary>R's "Residuals vs Leverage" with Cook's distance contours; needs the inference.</summary>
    Leverage,
}

/// <summary>
/// R's plot.lm diagnostics, drawn as R draws them: its titles and axis labels, a dotted reference line, and the three
/// most extreme rows labelled with their row number (1 = the first data row plotted). R's lowess smooth is not drawn.
/// </summary>
public static class DiagnosticPlot
{
    /// <summary>How the command line and messages write a kind: its name in lower case, words joined by '-'.</summary>
    public static string Word(PlotKind kind) => kind == PlotKind.ScaleLocation ? "scale-location" : kind.ToString().ToLowerInvariant();

    /// <summary>R's caption for the plot, which its title starts with.</summary>
    public static string Caption(PlotKind kind) => kind switch
    {
        PlotKind.Residuals => "Residuals vs Fitted",
        PlotKind.Qq => "Normal Q-Q",
        PlotKind.ScaleLocation => "Scale-Location",
        PlotKind.Leverage => "Residuals vs Leverage",
        _ => "Fit",
    };

    /// <summary>Whether the kind needs the leverages and standardized residuals only an exact fit carries.</summary>
    public static bool NeedsInference(PlotKind kind) => kind is PlotKind.Qq or PlotKind.ScaleLocation or PlotKind.Leverage;

    /// <param name="inputs">Full paths of the run's input files, which the PNG must never replace.</param>
    public static void Save(PlotKind kind, LinearModel model, RowDiagnostics rows, string dataName, string path, IEnumerable<string?> inputs, int width = PlotFile.DefaultWidth, int height = PlotFile.DefaultHeight, string optionName = "--output", CancellationToken cancellationToken = default)
    {
        PlotFile.SavePng(Build(kind, model, rows, dataName), path, optionName, inputs, width, height, cancellationToken);
    }

    internal static Plot Build(PlotKind kind, LinearModel model, RowDiagnostics rows, string dataName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        if (NeedsInference(kind) && (rows.Standardized is null || rows.Leverage is null || model.Inference is null))
        {
            throw new ArgumentException($"{Word(kind)} needs the model's inference and the rows' influence", nameof(rows));
        }

        var title = $"{Caption(kind)}: {model.TargetName} on {dataName} ({PlotFile.Rows(rows.Count)})";
        return kind switch
        {
            PlotKind.Residuals => ResidualsVsFitted(rows, title),
            PlotKind.Qq => NormalQq(rows.Standardized!, title),
            PlotKind.ScaleLocation => ScaleLocation(rows, title),
            PlotKind.Leverage => ResidualsVsLeverage(rows, model.Inference!.Rank, title),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "the fit plot is FitPlot's"),
        };
    }

    private static Plot ResidualsVsFitted(RowDiagnostics rows, string title)
    {
        var plot = PlotFile.Create(title, "Fitted values", "Residuals");
        ZeroLine(plot.Add.HorizontalLine(0));
        var shown = Points(plot, rows.Fitted, rows.Residuals);
        Label(plot, rows.Fitted, rows.Residuals, Diagnostics.MostExtreme(rows.Residuals));
        Limits(plot, shown, 0.08, 0.08);
        return plot;
    }

    private static Plot NormalQq(double[] standardized, string title)
    {
        var plot = PlotFile.Create(title, "Theoretical Quantiles", "Standardized residuals");
        var theoretical = Diagnostics.NormalQuantiles(standardized);
        var shown = Points(plot, theoretical, standardized);
        if (Diagnostics.QuartileLine(standardized) is var (slope, intercept))
        {
            // R's qqline spans the whole plot; the theoretical range plus its margin is all of it that shows.
            var (low, high) = (shown.X.Low - 1, shown.X.High + 1);
            ZeroLine(plot.Add.Line(low, intercept + (slope * low), high, intercept + (slope * high)));
        }

        Label(plot, theoretical, standardized, Diagnostics.MostExtreme(standardized));
        // R leaves 7.5% above the largest residual for its label, and the usual margins elsewhere.
        Limits(plot, shown, 0.04, 0.04, extraTop: 0.075);
        return plot;
    }

    private static Plot ScaleLocation(RowDiagnostics rows, string title)
    {
        var plot = PlotFile.Create(title, "Fitted values", "√|Standardized residuals|");
        var root = Diagnostics.RootAbsolute(rows.Standardized!);
        var shown = Points(plot, rows.Fitted, root);
        Label(plot, rows.Fitted, root, Diagnostics.MostExtreme(rows.Standardized!));
        Limits(plot, shown with { Y = (0, shown.Y.High) }, 0.04, 0.04);
        return plot;
    }

    private static Plot ResidualsVsLeverage(RowDiagnostics rows, int rank, string title)
    {
        var plot = PlotFile.Create(title, "Leverage", "Standardized residuals");
        ZeroLine(plot.Add.HorizontalLine(0));
        ZeroLine(plot.Add.VerticalLine(0));
        // R leaves out rows of leverage 1: they fit exactly, whatever their residual.
        var leverage = rows.Leverage!.Select(h => h < 1 ? h : double.NaN).ToArray();
        var shown = Points(plot, leverage, rows.Standardized!);
        Label(plot, leverage, rows.Standardized!, Diagnostics.MostExtreme(rows.CooksDistance!));
        var (_, right, bottom, top) = Limits(plot, shown with { X = (0, shown.X.High) }, 0.04, 0.08);
        if (shown.X.High > 0)
        {
            Contours(plot, rank, Math.Min(shown.X.Low, shown.X.High / 100), right, (bottom, top));
        }

        return plot;
    }

    /// <summary>R's Cook's distance contours: dashed red curves at each level, labelled at the right edge.</summary>
    private static void Contours(Plot plot, int rank, double from, double to, (double Bottom, double Top) shownY)
    {
        var color = Colors.Red.WithOpacity(0.8);
        var first = true;
        foreach (var level in Diagnostics.CookLevels)
        {
            var (h, r) = Diagnostics.CookContour(level, rank, from, to);
            foreach (var sign in new[] { 1.0, -1.0 })
            {
                var curve = plot.Add.ScatterLine(h, [.. r.Select(v => sign * v)]);
                curve.LineColor = color;
                curve.LinePattern = LinePattern.Dashed;
                curve.LineWidth = 1.5f;
                curve.LegendText = first ? "Cook's distance" : string.Empty;
                first = false;
            }

            // Where R writes the level on its right axis: at leverage min(0.99, the axis' end).
            var at = Math.Min(0.99, to);
            var height = Math.Sqrt(level * rank * (1 - at) / at);
            foreach (var y in new[] { height, -height }.Where(y => y > shownY.Bottom && y < shownY.Top))
            {
                var text = Text(plot, PlotFile.Number(level), at, y, Alignment.MiddleRight);
                text.LabelFontColor = color;
                text.OffsetX = -2;
            }
        }

        plot.ShowLegend(Alignment.LowerLeft);
    }

    private readonly record struct Ranges((double Low, double High) X, (double Low, double High) Y);

    /// <summary>The rows where both values are finite, as points sized for their number; returns their ranges.</summary>
    private static Ranges Points(Plot plot, double[] xs, double[] ys)
    {
        var keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
        var x = keep.Select(i => xs[i]).ToArray();
        var y = keep.Select(i => ys[i]).ToArray();
        var points = plot.Add.ScatterPoints(x, y);
        // The palette's first color, as the fit plot's points, whatever was added before them.
        points.Color = plot.Add.Palette.GetColor(0);
        points.MarkerSize = PlotFile.MarkerSize(x.Length);
        return x.Length == 0 ? new Ranges((0, 1), (0, 1)) : new Ranges((x.Min(), x.Max()), (y.Min(), y.Max()));
    }

    /// <summary>
    /// R's axis ranges: the data's ranges widened by <paramref name="xMargin"/> and <paramref name="yMargin"/> of
    /// themselves each side (R's 4%, or 8% where it makes room for labels), so a curve that runs off to infinity
    /// (Cook's contours) does not decide them.
    /// </summary>
    private static (double Left, double Right, double Bottom, double Top) Limits(Plot plot, Ranges shown, double xMargin, double yMargin, double extraTop = 0)
    {
        var (left, right) = Widen(shown.X, xMargin, 0);
        var (bottom, top) = Widen(shown.Y, yMargin, extraTop);
        plot.Axes.SetLimits(left, right, bottom, top);
        return (left, right, bottom, top);
    }

    private static (double Low, double High) Widen((double Low, double High) range, double margin, double extraHigh)
    {
        var span = range.High - range.Low;
        if (!(span > 0))
        {
            // One value (or none): R's extendrange would give an empty axis; a unit around it shows the point.
            return (range.Low - 1, range.High + 1);
        }

        return (range.Low - (margin * span), range.High + ((margin + extraHigh) * span));
    }

    /// <summary>R's text.id: the row number beside the point, on the side away from the nearer edge.</summary>
    private static void Label(Plot plot, double[] xs, double[] ys, int[] rows)
    {
        var finite = xs.Where(double.IsFinite).ToArray();
        var middle = finite.Length == 0 ? 0 : (finite.Min() + finite.Max()) / 2;
        foreach (var row in rows.Where(r => double.IsFinite(xs[r]) && double.IsFinite(ys[r])))
        {
            var label = Text(plot, (row + 1).ToString(CultureInfo.InvariantCulture), xs[row], ys[row], xs[row] > middle ? Alignment.MiddleRight : Alignment.MiddleLeft);
            label.OffsetX = xs[row] > middle ? -5 : 5;
        }
    }

    private static ScottPlot.Plottables.Text Text(Plot plot, string text, double x, double y, Alignment alignment)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontName = EmbeddedFont.Name;
        label.LabelFontSize = 11;
        label.LabelAlignment = alignment;
        return label;
    }

    /// <summary>R's reference lines: dotted and gray, behind the points' attention.</summary>
    private static void ZeroLine(ScottPlot.Plottables.AxisLine line)
    {
        line.LineColor = Colors.Gray;
        line.LinePattern = LinePattern.Dotted;
        line.LineWidth = 1.5f;
    }

    private static void ZeroLine(ScottPlot.Plottables.LinePlot line)
    {
        line.LineColor = Colors.Gray;
        line.LinePattern = LinePattern.Dotted;
        line.LineWidth = 1.5f;
    }
}
