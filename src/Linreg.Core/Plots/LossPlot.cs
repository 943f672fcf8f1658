using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Linreg.Core.Plots;

/// <summary>The cost after one optimisation step.</summary>
public readonly record struct CostPoint(int Step, double Cost);

/// <summary>
/// The loss curve: cost against step on a logarithmic cost axis, where SGD's steady shrinking reads as a line and the
/// last decades of a converging run stay visible instead of hugging zero.
/// </summary>
public static class LossPlot
{
    /// <summary>
    /// Writes the curve as a PNG (temp file + rename). Costs that are zero, negative or not finite have no place on a
    /// log axis and are left out; a curve with none left still gets its axes and a note.
    /// </summary>
    /// <param name="inputs">Full paths of the run's input files, which the PNG must never replace.</param>
    /// <param name="optionName">The option that named <paramref name="path"/>, for messages.</param>
    public static void Save(IReadOnlyList<CostPoint> points, string path, IEnumerable<string?> inputs, int width = PlotFile.DefaultWidth, int height = PlotFile.DefaultHeight, string optionName = "--plot", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        PlotFile.SavePng(Build(points), path, optionName, inputs, width, height, cancellationToken);
    }

    internal static Plot Build(IReadOnlyList<CostPoint> points)
    {
        var shown = points.Where(p => double.IsFinite(p.Cost) && p.Cost > 0).ToArray();
        var title = points.Count == 0
            ? "Training cost"
            : string.Create(CultureInfo.InvariantCulture, $"Training cost: {PlotFile.Number(points[0].Cost)} to {PlotFile.Number(points[^1].Cost)} in {points.Count} steps");
        var plot = PlotFile.Create(title, "step", "cost (MSE)");
        if (shown.Length == 0)
        {
            plot.Add.Text("no positive, finite cost to show", 0, 0);
            return plot;
        }

        var line = plot.Add.ScatterLine(shown.Select(p => (double)p.Step).ToArray(), shown.Select(p => Math.Log10(p.Cost)).ToArray());
        line.LineWidth = 2;
        line.MarkerSize = shown.Length == 1 ? 6 : 0;

        var low = Math.Log10(shown.Min(p => p.Cost));
        var high = Math.Log10(shown.Max(p => p.Cost));
        var margin = Math.Max((high - low) * 0.05, 0.05);
        plot.Axes.SetLimitsY(low - margin, high + margin);
        plot.Axes.Left.TickGenerator = TickGenerator(LogTicks(low - margin, high + margin));
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        return plot;
    }

    /// <summary>
    /// Ticks for values plotted as log10: labelled at each power of ten, and also at 2× and 5× when the curve spans
    /// under two decades (else there would be one label or none); unlabelled minor ticks (null label) at the other
    /// multiples. Labels show the real cost, not its logarithm.
    /// </summary>
    internal static IReadOnlyList<(double Position, string? Label)> LogTicks(double low, double high)
    {
        var ticks = new List<(double, string?)>();
        var labelled = high - low < 2 ? new HashSet<int> { 1, 2, 5 } : [1];
        for (var decade = (int)Math.Floor(low); decade <= (int)Math.Ceiling(high); decade++)
        {
            for (var multiple = 1; multiple <= 9; multiple++)
            {
                var position = decade + Math.Log10(multiple);
                if (position >= low && position <= high)
                {
                    ticks.Add((position, labelled.Contains(multiple) ? Label(multiple, decade) : null));
                }
            }
        }

        return ticks;
    }

    private static NumericManual TickGenerator(IReadOnlyList<(double Position, string? Label)> ticks)
    {
        var generator = new NumericManual();
        foreach (var (position, label) in ticks)
        {
            if (label is null)
            {
                generator.AddMinor(position);
            }
            else
            {
                generator.AddMajor(position, label);
            }
        }

        return generator;
    }

    /// <summary>1e-05 style far from 1, plain digits near it, so labels stay short at any scale.</summary>
    internal static string Label(int multiple, int decade)
    {
        var value = multiple * Math.Pow(10, decade);
        return decade is >= -3 and <= 4
            ? value.ToString("0.####", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{multiple}e{decade}");
    }
}
