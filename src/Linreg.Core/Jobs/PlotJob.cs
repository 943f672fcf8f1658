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

    public PlotKind Kind { get; init; } = PlotKind.Fit;
}

/// <summary>
/// <c>linreg plot</c>: reads the rows a model should explain, features and target matched to it as <c>predict</c>
/// matches them, and draws the fit or one of R's residual diagnostics. Plain arithmetic like <c>predict</c>: no
/// libtorch. Every row is held, as a scatter plot of them all needs.
/// </summary>
public static class PlotJob
{
    public const string OutputOption = "--output";

    public const string KindOption = "--kind";

    /// <returns>The number of rows plotted.</returns>
    public static int Run(PlotJobSettings settings, JobIO io, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        PlotFile.CheckSize(settings.Width, settings.Height);
        var document = ModelFile.Load(settings.ModelPath);
        var model = document.Model;
        CheckInference(model, settings);
        if (settings.Kind != PlotKind.Fit && document.Training?.WeightColumn is { } weights)
        {
            // Unweighted leverage and Cook's distances of a weighted fit would look right and be wrong.
            throw new LinregException(
                ExitCode.UsageError,
                $"{KindOption}: the model {settings.ModelPath} was fitted with rows weighted by '{weights}', and plot draws only unweighted diagnostics (residuals, leverage, Cook's distance), which would be wrong for it; draw --kind fit, or fit without --weights");
        }

        var source = io.Source(settings.Data);
        source.EnsureReadable();
        string?[] inputs = [source.Identity, Path.GetFullPath(settings.ModelPath)];
        AtomicFile.CheckDestination(settings.OutputPath, OutputOption, inputs);

        using var table = TableReader.Open(source, settings.Format, settings.Missing);
        int[] columns = [.. ModelColumns.Features(model, table, settings.ModelPath), ModelColumns.Target(model, table, settings.ModelPath)];
        var k = model.InputCount;
        var design = model.Design;
        var (chunks, dropped) = table.Fold(
            columns,
            () => (Features: new List<double>(), Targets: new List<double>()),
            (chunk, row) =>
            {
                // A design's rows are plotted as the model sees them: its features, and its target.
                if (design is null)
                {
                    chunk.Features.AddRange(row[..k]);
                    chunk.Targets.Add(row[k]);
                    return;
                }

                var features = new double[model.FeatureCount];
                design.Expand(row[..k], features);
                chunk.Features.AddRange(features);
                chunk.Targets.Add(design.TargetValue(row[k]));
            },
            cancellationToken);
        var features = chunks.SelectMany(c => c.Features).ToList();
        var targets = chunks.SelectMany(c => c.Targets).ToList();
        if (targets.Count == 0)
        {
            throw new LinregException(ExitCode.DataError, $"{source.DisplayName}: no data rows to plot{(dropped > 0 ? " (every row was dropped by --missing drop)" : " (only a header)")}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var dataName = source.IsStandardInput ? source.DisplayName : Path.GetFileName(source.Path);
        string what;
        if (settings.Kind == PlotKind.Fit)
        {
            FitPlot.Save(model, features, targets, dataName, settings.OutputPath, inputs, settings.Width, settings.Height, OutputOption, cancellationToken);
            what = model.FeatureCount == 1 ? "data and fitted line" : "predicted against actual";
        }
        else
        {
            var rows = Diagnostics.Compute(model, features, targets);
            DiagnosticPlot.Save(settings.Kind, model, rows, dataName, settings.OutputPath, inputs, settings.Width, settings.Height, OutputOption, cancellationToken);
            what = DiagnosticPlot.Caption(settings.Kind);
            Warn(model, settings, source.DisplayName, rows, io);
        }

        if (dropped > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: skipped {dropped} row(s) with missing or non-numeric values (--missing drop)"));
        }

        io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: plotted {targets.Count} row(s) of {source.DisplayName} against {settings.ModelPath} ({what}) to {settings.OutputPath} ({settings.Width}x{settings.Height})"));
        return targets.Count;
    }

    /// <summary>Before any data is read: the standardized kinds need what only an exact fit with residual degrees of freedom has.</summary>
    private static void CheckInference(LinearModel model, PlotJobSettings settings)
    {
        if (!DiagnosticPlot.NeedsInference(settings.Kind))
        {
            return;
        }

        var kind = $"{KindOption} {DiagnosticPlot.Word(settings.Kind)}";
        var inference = model.Inference ?? throw new LinregException(
            ExitCode.UsageError,
            $"{kind} needs the standard errors of an exact fit: {settings.ModelPath} was trained by gradient descent; train it with --solver lstsq");
        if (!(inference.DfResidual > 0))
        {
            throw new LinregException(
                ExitCode.ModelError,
                string.Create(CultureInfo.InvariantCulture, $"{kind} needs a residual variance: {settings.ModelPath} was fitted to {inference.Observations} row(s) for {inference.Rank} estimable parameter(s), so it passes through every row and its residuals have no scale; fit it to more rows (or use --kind residuals)"));
        }
    }

    /// <summary>What the standardized plots cannot say, said once on stderr.</summary>
    private static void Warn(LinearModel model, PlotJobSettings settings, string dataName, RowDiagnostics rows, JobIO io)
    {
        if (!DiagnosticPlot.NeedsInference(settings.Kind))
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        var fitted = model.Inference!.Observations;
        if (fitted != rows.Count)
        {
            // Leverage and standardized residuals are defined for the rows the fit was solved from; elsewhere they are
            // only the same formulas, and a leverage can pass 1.
            io.Diagnostics.WriteLine(string.Create(c, $"linreg: warning: {settings.ModelPath} was fitted to {fitted} row(s) and {dataName} has {rows.Count}: leverages and standardized residuals describe the rows a model was fitted to, so plot those"));
        }

        var undefined = rows.Standardized!.Count(double.IsNaN);
        if (undefined > 0)
        {
            io.Diagnostics.WriteLine(string.Create(c, $"linreg: warning: {undefined} row(s) of leverage 1 (or more) have no standardized residual and are left out of the plot"));
        }
    }
}
