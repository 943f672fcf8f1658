using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Core.Models;

namespace Linreg.Core.Jobs;

public sealed record EvaluateJobSettings
{
    public required string ModelPath { get; init; }

    public string Data { get; init; } = DataSource.StandardInputName;

    public CsvFormat Format { get; init; } = CsvFormat.Default;

    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;

    /// <summary>A column to weigh the rows by (scikit-learn's sample_weight); null weighs every row 1.</summary>
    public string? Weights { get; init; }
}

/// <param name="Model">The model evaluated: its inference, when it has one, is the fit on its own training data.</param>
public sealed record EvaluateOutcome(RegressionMetrics Metrics, LinearModel Model);

/// <summary>
/// <c>linreg evaluate</c>: MSE, RMSE, MAE and R² of a model on any data with its columns, streamed in one pass and
/// without libtorch, as <c>train</c> reports them. The command decides how to print them.
/// </summary>
public static class EvaluateJob
{
    public static EvaluateOutcome Run(EvaluateJobSettings settings, JobIO io, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        var document = ModelFile.Load(settings.ModelPath);
        var model = document.Model;
        if (document.Training?.WeightColumn is { } fitted && settings.Weights is null)
        {
            // Said, not assumed: the data to evaluate on need not have the column, nor weigh rows the same way.
            io.Diagnostics.WriteLine($"linreg: note: {settings.ModelPath} was fitted with rows weighted by '{fitted}'; these metrics weigh every row 1 (add --weights {fitted} to weigh them)");
        }

        var source = io.Source(settings.Data);
        source.EnsureReadable();
        using var table = TableReader.Open(source, settings.Format, settings.Missing);
        int[] columns = [.. ModelColumns.Features(model, table, settings.ModelPath), ModelColumns.Target(model, table, settings.ModelPath)];
        if (settings.Weights is not null)
        {
            var weights = table.ResolveColumn(settings.Weights, "--weights");
            if (columns.Contains(weights))
            {
                throw new LinregException(ExitCode.UsageError, $"--weights: column '{table.ColumnNames[weights]}' is {(weights == columns[^1] ? "the model's target" : "one of the model's features")}; give a column of row weights");
            }

            columns = [.. columns, weights];
        }

        var (result, dropped) = MetricsPass.Compute(model, table, columns, cancellationToken);
        if (result is not { } metrics)
        {
            throw new LinregException(ExitCode.DataError, $"{source.DisplayName}: no rows to evaluate on{(dropped > 0 ? $" ({dropped} dropped by --missing drop)" : string.Empty)}");
        }

        if (dropped > 0)
        {
            io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: skipped {dropped} row(s) with missing or non-numeric values (--missing drop)"));
        }

        return new EvaluateOutcome(metrics, model);
    }
}
