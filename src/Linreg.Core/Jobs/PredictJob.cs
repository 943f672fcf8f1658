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
        var source = DataSource.From(settings.Data, io.OpenStandardInput);
        source.EnsureReadable();
        using var reader = NumericCsvReader.Open(source, settings.Format);
        var columns = ModelColumns.Features(model, reader, settings.ModelPath);

        var values = new float[columns.Length];
        long rows = 0;
        long dropped = 0;
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

        Span<char> digits = stackalloc char[32];
        while (reader.ReadRow(columns, values, MissingValuePolicy.Error, ref dropped))
        {
            if ((rows & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (settings.Output == PredictionFormat.Json)
            {
                output.Write(rows == 0 ? "\n  " : ",\n  ");
            }

            // Formatted into a stack buffer: no string per row on the path that streams millions of them.
            model.Predict(values).TryFormat(digits, out var written, "R", CultureInfo.InvariantCulture);
            output.Write(digits[..written]);
            if (settings.Output != PredictionFormat.Json)
            {
                output.WriteLine();
            }

            rows++;
        }

        if (settings.Output == PredictionFormat.Json)
        {
            output.WriteLine(rows == 0 ? "]" : "\n]");
        }

        io.Output.Flush();
        return rows;
    }
}
