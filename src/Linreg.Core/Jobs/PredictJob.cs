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

        long rows = 0;
        var output = io.Output;
        if (settings.Output == PredictionFormat.Csv)
        {
            var name = model.TargetName.Contains(',', StringComparison.Ordinal) || model.TargetName.Contains('"', StringComparison.Ordinal)
                ? "\"" + model.TargetName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : model.TargetName;
            output.WriteLine(basis is null ? name : name + ",lower,upper");
        }
        else if (settings.Output == PredictionFormat.Json)
        {
            output.Write('[');
        }

        var json = settings.Output == PredictionFormat.Json;
        long notFinite = 0;

        // Parsing on one core, predicting and formatting on another; each block's text goes out in one write.
        using var input = table.Stream(columns, cancellationToken);
        var text = new char[1 << 16];
        var expanded = new double[model.FeatureCount];
        while (input.TryTake(out var block))
        {
            var length = 0;
            for (var i = 0; i < block.Count; i++)
            {
                if (length > text.Length - 160)
                {
                    output.Write(text, 0, length);
                    length = 0;
                }

                if (settings.Output == PredictionFormat.Json)
                {
                    (rows == 0 ? "\n  " : ",\n  ").CopyTo(text.AsSpan(length));
                    length += rows == 0 ? 3 : 4;
                }

                var features = model.Design is { } design ? Expand(design, block.Row(i), expanded) : block.Row(i);
                var prediction = model.Predict(features);
                if (basis is null)
                {
                    length += Number(prediction, json, text.AsSpan(length), ref notFinite);
                }
                else
                {
                    var interval = basis.Interval(prediction, features, settings.Level);
                    var (lower, upper) = settings.Interval == IntervalKind.Confidence
                        ? (interval.MeanLower, interval.MeanUpper)
                        : (interval.ObservationLower, interval.ObservationUpper);
                    var separator = settings.Output == PredictionFormat.Csv ? ',' : ' ';
                    if (json)
                    {
                        "{\"prediction\": ".CopyTo(text.AsSpan(length));
                        length += 15;
                    }

                    length += Number(prediction, json, text.AsSpan(length), ref notFinite);
                    length += Append(json ? ", \"lower\": " : separator.ToString(), text.AsSpan(length));
                    length += Number(lower, json, text.AsSpan(length), ref notFinite);
                    length += Append(json ? ", \"upper\": " : separator.ToString(), text.AsSpan(length));
                    length += Number(upper, json, text.AsSpan(length), ref notFinite);
                    length += json ? Append("}", text.AsSpan(length)) : 0;
                }

                if (settings.Output != PredictionFormat.Json)
                {
                    text[length++] = '\n';
                }

                rows++;
            }

            input.Return(block);
            output.Write(text, 0, length);
        }

        if (settings.Output == PredictionFormat.Json)
        {
            output.WriteLine(rows == 0 ? "]" : "\n]");
        }

        io.Output.Flush();
        if (notFinite > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: warning: {notFinite} prediction(s) overflowed float64 or were not a number, written as null"));
        }

        return rows;
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

    /// <summary>A number's shortest round-trip text; in JSON, which has no Infinity or NaN, such a number is null.</summary>
    private static int Number(double value, bool json, Span<char> text, ref long notFinite)
    {
        if (json && !double.IsFinite(value))
        {
            notFinite++;
            return Append("null", text);
        }

        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        return written;
    }

    private static int Append(string value, Span<char> text)
    {
        value.CopyTo(text);
        return value.Length;
    }
}
