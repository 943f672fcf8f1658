using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Models;

namespace Linreg.Core.Jobs;

public sealed record PredictJobSettings
{
    public required string ModelPath { get; init; }

    public string Data { get; init; } = DataSource.StandardInputName;

    public CsvFormat Format { get; init; } = CsvFormat.Default;
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
        while (reader.ReadRow(columns, values, MissingValuePolicy.Error, ref dropped))
        {
            if ((rows & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            io.Output.WriteLine(model.Predict(values).ToString("R", CultureInfo.InvariantCulture));
            rows++;
        }

        io.Output.Flush();
        return rows;
    }
}
