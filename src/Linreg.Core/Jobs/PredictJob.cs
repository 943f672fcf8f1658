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
        var source = io.Source(settings.Data);
        source.EnsureReadable();
        using var table = TableReader.Open(source, settings.Format, missing: null);
        var columns = ModelColumns.Features(model, table, settings.ModelPath);

        long rows = 0;
        var output = io.Output;
        if (settings.Output == PredictionFormat.Csv)
        {
            output.WriteLine(model.TargetName.Contains(',', StringComparison.Ordinal) || model.TargetName.Contains('"', StringComparison.Ordinal)
                ? "\"" + model.TargetName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : model.TargetName);
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
        while (input.TryTake(out var block))
        {
            var length = 0;
            for (var i = 0; i < block.Count; i++)
            {
                if (length > text.Length - 64)
                {
                    output.Write(text, 0, length);
                    length = 0;
                }

                if (settings.Output == PredictionFormat.Json)
                {
                    (rows == 0 ? "\n  " : ",\n  ").CopyTo(text.AsSpan(length));
                    length += rows == 0 ? 3 : 4;
                }

                var prediction = model.Predict(block.Row(i));
                if (json && !double.IsFinite(prediction))
                {
                    // JSON has no Infinity or NaN: such a prediction is null, as in every JSON linreg writes.
                    "null".CopyTo(text.AsSpan(length));
                    length += 4;
                    notFinite++;
                }
                else
                {
                    prediction.TryFormat(text.AsSpan(length), out var written, "R", CultureInfo.InvariantCulture);
                    length += written;
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
}
