using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Jobs;

public sealed record PredictJobSettings
{
    public required string ModelPath { get; init; }

    public string Data { get; init; } = DataSource.StandardInputName;

    public CsvFormat Format { get; init; } = CsvFormat.Default;

    public PredictionFormat Output { get; init; } = PredictionFormat.Text;

    /// <summary>Bounds to print with each prediction: of the fitted mean, or of a new observation.</summary>
    public IntervalKind Interval { get; init; }

    public double Level { get; init; } = 0.95;

    /// <summary>Columns (names or 0-based indices) whose text is printed beside each prediction.</summary>
    public IReadOnlyList<string> Keep { get; init; } = [];
}

public enum IntervalKind
{
    None,

    /// <summary>Where the fitted mean lies (statsmodels' mean_ci).</summary>
    Confidence,

    /// <summary>Where a new observation lies (statsmodels' obs_ci): the mean's uncertainty plus the residual variance.</summary>
    Prediction,
}

public enum PredictionFormat
{
    /// <summary>One number per line.</summary>
    Text,

    /// <summary>A header naming the model's target, then one number per line.</summary>
    Csv,

    /// <summary>A JSON array of numbers, written as the rows arrive.</summary>
    Json,
}

/// <summary>
/// <c>linreg predict</c>: one prediction per input row, streamed, in constant memory. Plain arithmetic, no libtorch,
/// so it starts as fast as .NET does.
/// </summary>
public static class PredictJob
{
    public static long Run(PredictJobSettings settings, JobIO io, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        var model = ModelFile.Load(settings.ModelPath).Model;
        var basis = IntervalBasisFor(model, settings);
        var source = io.Source(settings.Data);
        source.EnsureReadable();
        using var table = TableReader.Open(source, settings.Format, missing: null);
        var columns = ModelColumns.Features(model, table, settings.ModelPath);

        var kept = KeptColumns(table, settings.Keep);
        var own = settings.Output == PredictionFormat.Json
            ? [PredictionWriter.Prediction, PredictionWriter.Lower, PredictionWriter.Upper]
            : new[] { model.TargetName, PredictionWriter.Lower, PredictionWriter.Upper };
        var keptNames = PredictionWriter.KeptNames(kept.Select(c => table.ColumnNames[c]), own);
        var writer = new PredictionWriter(io.Output, settings.Output, objects: basis is not null || kept.Length > 0, keptNames);
        if (settings.Output == PredictionFormat.Csv)
        {
            string[] header = [model.TargetName, .. basis is null ? Array.Empty<string>() : [PredictionWriter.Lower, PredictionWriter.Upper], .. keptNames];
            writer.Append(string.Join(',', header.Select(PredictionWriter.CsvCell)) + "\n");
        }
        else if (settings.Output == PredictionFormat.Json)
        {
            writer.Append("[");
        }

        // Parsing on one core, predicting and formatting on another; the text goes out in large writes.
        long rows = 0;
        using var input = table.Stream(columns, cancellationToken, kept: kept);
        var expanded = new double[model.FeatureCount];
        while (TryTake(input, rows, settings.Output, out var block))
        {
            for (var i = 0; i < block.Count; i++)
            {
                var features = model.Design is { } design ? Expand(design, block.Row(i), expanded) : block.Row(i);
                var prediction = model.Predict(features);
                (double, double)? bounds = null;
                if (basis is not null)
                {
                    var interval = basis.Interval(prediction, features, settings.Level);
                    bounds = settings.Interval == IntervalKind.Confidence
                        ? (interval.MeanLower, interval.MeanUpper)
                        : (interval.ObservationLower, interval.ObservationUpper);
                }

                writer.Row(rows, prediction, bounds, block.Cells(i));
                rows++;
            }

            input.Return(block);
            writer.Flush();
        }

        if (settings.Output == PredictionFormat.Json)
        {
            writer.Append(rows == 0 ? "]\n" : "\n]\n");
        }

        writer.Flush();
        io.Output.Flush();
        if (writer.NotFinite > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: warning: {writer.NotFinite} prediction(s) overflowed float64 or were not a number, written as null"));
        }

        return rows;
    }

    /// <summary>
    /// The next block of rows. Predictions stream, so a bad row or an interruption can come after some are printed:
    /// the error then says how many, every one of them a whole line (csv, text) or element (json, whose array is
    /// left open, so no parser takes it for the whole output), and the rows after it are not predicted.
    /// </summary>
    private static bool TryTake(ReadAheadRows input, long written, PredictionFormat format, out RowBlock block)
    {
        try
        {
            return input.TryTake(out block);
        }
        catch (LinregException e) when (written > 0)
        {
            throw new LinregException(e.Code, string.Create(CultureInfo.InvariantCulture, $"{e.Message} ({written} prediction(s), for the rows before it, were written; {Incomplete(format)})"), e);
        }
        catch (OperationCanceledException e) when (written > 0)
        {
            throw new LinregException(ExitCode.Interrupted, string.Create(CultureInfo.InvariantCulture, $"interrupted after {written} prediction(s) were written; {Incomplete(format)}"), e);
        }
    }

    private static string Incomplete(PredictionFormat format) =>
        format == PredictionFormat.Json ? "the output is incomplete, its JSON array not closed" : "the output is incomplete";

    /// <summary>The <c>--keep</c> columns, each by name or 0-based index, any column of the data, each once.</summary>
    private static int[] KeptColumns(TableReader table, IReadOnlyList<string> keep)
    {
        int[] kept = [.. keep.Select(reference => table.ResolveColumn(reference, "--keep"))];
        var repeated = kept.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
        return repeated is null
            ? kept
            : throw new LinregException(ExitCode.UsageError, $"--keep names column '{table.ColumnNames[repeated.Key]}' more than once");
    }

    private static Statistics.IntervalBasis? IntervalBasisFor(LinearModel model, PredictJobSettings settings)
    {
        if (settings.Interval == IntervalKind.None)
        {
            return settings.Level == 0.95 ? null : throw new LinregException(ExitCode.UsageError, "--level sets the level of --interval; give --interval confidence or prediction too");
        }

        if (!(settings.Level > 0 && settings.Level < 1))
        {
            throw new LinregException(ExitCode.UsageError, $"--level must be between 0 and 1, e.g. 0.95 (got {settings.Level.ToString(CultureInfo.InvariantCulture)})");
        }

        return model.Inference?.Basis ?? throw new LinregException(
            ExitCode.UsageError,
            $"--interval needs the standard errors of an exact fit: {settings.ModelPath} has none (gradient descent, or a penalty); train it with --solver lstsq and no --penalty");
    }

    private static ReadOnlySpan<double> Expand(Design.ModelDesign design, ReadOnlySpan<double> inputs, double[] features)
    {
        design.Expand(inputs, features);
        return features;
    }
}
