using System.Globalization;
using Linreg.Core.Data;
using Linreg.Core.IO;
using Linreg.Core.Solvers;

namespace Linreg.Core.Jobs;

public sealed record StatsJobSettings
{
    /// <summary>CSV paths and patterns, summarised as one table in name order, or <c>-</c> alone for standard input.</summary>
    public IReadOnlyList<string> Data { get; init; } = [];

    /// <summary>Where the statistics go; <c>-</c> writes them on standard output.</summary>
    public required string OutputPath { get; init; }

    public CsvFormat Format { get; init; } = CsvFormat.Default;

    public ColumnSelection Columns { get; init; } = ColumnSelection.Default;

    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;

    /// <summary>Whether the model fitted from the statistics has an intercept (train --from-stats must agree).</summary>
    public bool Intercept { get; init; } = true;

    /// <summary>A patsy formula making the features, as train's --formula; null: --target and --features.</summary>
    public string? Formula { get; init; }

    /// <summary>Feature columns read as categories whatever their cells hold, as train's --categorical.</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];
}

/// <summary>
/// <c>linreg stats DATA -o FILE</c>: one pass over the data (every file side by side, each on every core) into the
/// exact solver's sufficient statistics, written as a statistics file that <c>linreg train --from-stats</c> merges
/// with others into the fit of all their rows. The shard's half of "exact at any size": no model, no rows kept.
/// </summary>
public static class StatsJob
{
    public const string OutputOption = "--output";

    public static SufficientStats Run(StatsJobSettings settings, JobIO io, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        if (settings.Data.Count == 0)
        {
            throw new LinregException(ExitCode.UsageError, "stats needs DATA: a CSV file, several, a quoted pattern such as 'parts/*.csv', or - for standard input");
        }

        DataSource[] sources = [.. DataPaths.Expand(settings.Data, "DATA").Select(io.Source)];
        foreach (var source in sources)
        {
            source.EnsureReadable();
        }

        var toStandardOutput = settings.OutputPath == DataSource.StandardInputName;
        if (!toStandardOutput)
        {
            AtomicFile.CheckDestination(settings.OutputPath, OutputOption, sources.Select(s => s.FullPath));
        }

        var formula = settings.Formula is { } text ? Design.Formula.Parse(text) : null;
        var checkedSettings = Design.DesignLoad.Check(new TrainJobSettings { Columns = settings.Columns, Formula = settings.Formula, Categorical = settings.Categorical, Training = new Training.TrainSettings { Intercept = settings.Intercept } }, formula);
        using var tables = TableSet.Open(sources, settings.Format, settings.Missing, checkedSettings.Columns);
        if ((formula is not null || settings.Categorical.Count > 0) && !tables.CanReadAgain)
        {
            throw StandardInputOnce(tables);
        }

        var intercept = checkedSettings.Training.Intercept;
        var plan = Design.DesignLoad.Plan(formula, settings.Categorical, intercept, tables);
        SufficientStats stats;
        if (formula is not null || settings.Categorical.Count > 0)
        {
            // A design's columns need every level before the first row is expanded: the levels' pass reads the
            // cells only, then the one pass of the statistics.
            stats = ExactLeastSquares.Summarise(tables, intercept, cancellationToken, plan.ReadLevels(tables, io.Diagnostics, cancellationToken));
        }
        else
        {
            stats = ExactLeastSquares.Summarise(tables, intercept, cancellationToken);
            if (plan.Streamed(tables, io.Diagnostics) is { } design)
            {
                // A text column turned out to be categories: this pass read its levels (a factor of level codes is
                // no statistic), and the rows are read again, expanded.
                stats = tables.CanReadAgain
                    ? ExactLeastSquares.Summarise(tables, intercept, cancellationToken, design)
                    : throw StandardInputOnce(tables);
            }
        }

        if (stats.Rows == 0)
        {
            // An empty shard would merge as nothing, but an empty file is more often a mistake than a shard.
            throw new LinregException(ExitCode.DataError, string.Create(CultureInfo.InvariantCulture, $"{tables.DisplayName}: no rows to summarise{(stats.DroppedRows > 0 ? $" (all {stats.DroppedRows} were dropped for missing values)" : string.Empty)}; a shard without rows adds nothing to a fit: leave it out"));
        }

        StatsFile.Save(stats, createdBy, settings.OutputPath, tables.FullPaths, io.Output);
        var dropped = stats.DroppedRows > 0 ? string.Create(CultureInfo.InvariantCulture, $", skipped {stats.DroppedRows} with missing or non-numeric values (--missing drop)") : string.Empty;
        var where = toStandardOutput ? "written to standard output" : $"written to {settings.OutputPath}";
        io.Diagnostics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linreg: statistics of {stats.Rows} rows of {tables.DisplayName}{dropped} ({stats.Describe()}) {where}; fit them with 'linreg train --from-stats FILES'"));
        return stats;
    }

    private static LinregException StandardInputOnce(TableSet tables) =>
        new(ExitCode.UsageError, $"{tables.DisplayName}: categories or a formula need the data read twice (the levels first), and standard input cannot be read again; save it to a file and summarise that");
}
