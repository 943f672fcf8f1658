using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.IO;
using Linreg.Core.Models;
using Linreg.Core.Plots;

namespace Linreg.Core.Jobs;

public sealed record PlotJobSettings
{
    public required string ModelPath { get; init; }

    public string Data { get; init; } = DataSource.StandardInputName;

    public CsvFormat Format { get; init; } = CsvFormat.Default;

    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;

    /// <summary>The PNG to write.</summary>
    public required string OutputPath { get; init; }

    public int Width { get; init; } = PlotFile.DefaultWidth;

    public int Height { get; init; } = PlotFile.DefaultHeight;
}

/// <summary>
/// <c>linreg plot</c>: reads the rows a model should explain, features and target matched to it as <c>predict</c>
/// matches them, and draws the fit. Plain arithmetic like <c>predict</c>: no libtorch.
/// </summary>
public static class PlotJob
{
    public const string OutputOption = "--output";

    /// <returns>The number of rows plotted.</returns>
    public static int Run(PlotJobSettings settings, JobIO io, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        PlotFile.CheckSize(settings.Width, settings.Height);
        var model = ModelFile.Load(settings.ModelPath).Model;
        var source = io.Source(settings.Data);
        source.EnsureReadable();
        string?[] inputs = [source.Identity, Path.GetFullPath(settings.ModelPath)];
        AtomicFile.CheckDestination(settings.OutputPath, OutputOption, inputs);

        using var table = TableReader.Open(source, settings.Format, settings.Missing);
        int[] columns = [.. ModelColumns.Features(model, table, settings.ModelPath), ModelColumns.Target(model, table, settings.ModelPath)];
        var k = model.FeatureCount;
        var (chunks, dropped) = table.Fold(
            columns,
            () => (Features: new List<double>(), Targets: new List<double>()),
            (chunk, row) =>
            {
                chunk.Features.AddRange(row[..k]);
                chunk.Targets.Add(row[k]);
            },
            cancellationToken);
        var features = chunks.SelectMany(c => c.Features).ToList();
        var targets = chunks.SelectMany(c => c.Targets).ToList();
        if (targets.Count == 0)
        {
            throw new LinregException(ExitCode.DataError, $"{source.DisplayName}: no data rows to plot{(dropped > 0 ? " (every row was dropped by --missing drop)" : " (only a header)")}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        FitPlot.Save(model, features, targets, source.IsStandardInput ? source.DisplayName : Path.GetFileName(source.Path), settings.OutputPath, inputs, settings.Width, settings.Height, OutputOption);
        if (dropped > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: skipped {dropped} row(s) with missing or non-numeric values (--missing drop)"));
        }

        io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: plotted {targets.Count} row(s) of {source.DisplayName} against {settings.ModelPath} ({(model.FeatureCount == 1 ? "data and fitted line" : "predicted against actual")}) to {settings.OutputPath} ({settings.Width}x{settings.Height})"));
        return targets.Count;
    }
}
