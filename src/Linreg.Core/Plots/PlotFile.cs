using System.Globalization;
using Linreg.Core.IO;
using ScottPlot;

namespace Linreg.Core.Plots;

/// <summary>What every linreg plot shares: the size limits, the look, and writing the PNG atomically.</summary>
public static class PlotFile
{
    public const int DefaultWidth = 800;
    public const int DefaultHeight = 500;

    /// <summary>Smaller leaves no room for the labels; 8000×8000 already takes 256 MB of pixels to render.</summary>
    public const int MinimumSize = 200;
    public const int MaximumSize = 8000;

    /// <summary>Fails with a usage error naming the option, before any data is read.</summary>
    public static void CheckSize(int width, int height)
    {
        CheckSize("--width", width);
        CheckSize("--height", height);
    }

    /// <summary>A plot with linreg's common look: title, axis labels, and a light grid that prints well.</summary>
    internal static Plot Create(string title, string xLabel, string yLabel)
    {
        EmbeddedFont.Register();
        var plot = new Plot();
        plot.Font.Set(EmbeddedFont.Name);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        return plot;
    }

    /// <summary>
    /// Renders and writes the PNG beside its destination, then renames it into place. Skia's render of a million
    /// points takes seconds and cannot be stopped, so it runs on another thread while this one waits for it or for
    /// Ctrl-C: an interrupted plot leaves no file, at once, instead of being rendered and written all the same.
    /// </summary>
    internal static void SavePng(Plot plot, string path, string optionName, IEnumerable<string?> inputs, int width, int height, CancellationToken cancellationToken = default)
    {
        CheckSize(width, height);
        AtomicFile.CheckDestination(path, optionName, inputs);
        var png = Task.Run(() => plot.GetImageBytes(width, height, ImageFormat.Png), CancellationToken.None).WaitAsync(cancellationToken).GetAwaiter().GetResult();
        cancellationToken.ThrowIfCancellationRequested();
        using var file = AtomicFile.Create(path, optionName, inputs);
        file.Stream.Write(png);
        file.Commit();
    }

    /// <summary>Numbers on axes and in legends: short, invariant, and exact enough to read a model off.</summary>
    internal static string Number(double value) =>
        value == 0 || Math.Abs(value) is >= 1e-3 and < 1e4
            ? value.ToString("G4", CultureInfo.InvariantCulture)
            : value.ToString("0.###e0", CultureInfo.InvariantCulture);

    /// <summary>How titles count rows: "1 row", "16 rows".</summary>
    internal static string Rows(int count) => string.Create(CultureInfo.InvariantCulture, $"{count} row{(count == 1 ? string.Empty : "s")}");

    /// <summary>Big dots for a handful of rows, small ones where thousands would merge into a blot.</summary>
    internal static float MarkerSize(int count) => count switch
    {
        <= 100 => 8,
        <= 10_000 => 4,
        _ => 2,
    };

    private static void CheckSize(string option, int value)
    {
        if (value is < MinimumSize or > MaximumSize)
        {
            throw new LinregException(ExitCode.UsageError, string.Create(CultureInfo.InvariantCulture, $"{option} must be between {MinimumSize} and {MaximumSize} pixels (got {value})"));
        }
    }
}
