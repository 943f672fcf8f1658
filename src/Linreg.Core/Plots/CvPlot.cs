using System.Globalization;
using Linreg.Core.Solvers;
using ScottPlot;

namespace Linreg.Core.Plots;

/// <summary>
/// --alpha auto's cross-validation curve, as glmnet's plot.cv.glmnet draws it: each penalty's mean MSE over the folds
/// with one standard error either side, against log10(α), and dashed lines at the best α and the one-standard-error α.
/// </summary>
public static class CvPlot
{
    /// <param name="inputs">Full paths of the run's input files, which the PNG must never replace.</param>
    public static void Save(PenaltySearch search, string path, IEnumerable<string?> inputs, string penalty, int width = PlotFile.DefaultWidth, int height = PlotFile.DefaultHeight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        PlotFile.SavePng(Build(search, penalty), path, "--plot", inputs, width, height, cancellationToken);
    }

    internal static Plot Build(PenaltySearch search, string penalty)
    {
        var c = CultureInfo.InvariantCulture;
        var title = string.Create(c, $"{penalty}: cross-validated MSE, best alpha {PlotFile.Number(search.BestAlpha)}, 1-SE alpha {PlotFile.Number(search.OneStandardErrorAlpha)}");
        var plot = PlotFile.Create(title, "log10(alpha)", "mean MSE over the folds (± 1 standard error)");
        var xs = search.Alphas.Select(Math.Log10).ToArray();
        var ys = search.MeanMse.ToArray();
        var bars = plot.Add.ErrorBar(xs, ys, search.StandardError.ToArray());
        bars.Color = Colors.Gray;
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 5;
        points.Color = Colors.Red;
        foreach (var (index, label) in new[] { (search.Best, "best"), (search.OneStandardError, "1-SE") })
        {
            var line = plot.Add.VerticalLine(xs[index]);
            line.LinePattern = LinePattern.Dashed;
            line.Text = label;
            line.Color = Colors.Black.WithOpacity(0.6);
        }

        return plot;
    }
}
