using System.CommandLine;
using Linreg.Core.Data;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg stats DATA… -o FILE</c>: binds options into <see cref="StatsJobSettings"/>.</summary>
internal sealed class StatsCommand : LinregCommand
{
    public StatsCommand(CliContext context)
        : base(context, "stats", "Summarise data in one pass into the exact solver's sufficient statistics (a small JSON file), for 'linreg train --from-stats' to merge with others: shards summarised on other cores, machines or cluster nodes fit exactly as one data set.\n"
            + "Example: linreg stats part-1.csv -o part-1.stats && linreg stats part-2.csv -o part-2.stats && linreg train --from-stats 'part-*.stats'")
    {
        var data = Declare(CommonOptions.DataFilesArgument("CSV file(s) to summarise, or - for standard input; several files and quoted patterns ('parts/*.csv') are read as one table, in name order. A header row names the columns; by default the last column is the target", required: true));
        var output = Declare(new Option<string>(StatsJob.OutputOption, "-o") { Description = "The statistics file to write; - writes it on stdout", Required = true, HelpName = "FILE" });
        var columns = DeclareGroup(new CommonOptions.ColumnOptions());
        var missing = Declare(CommonOptions.MissingOption());
        var noIntercept = Declare(CommonOptions.NoIntercept("Statistics for a line through the origin; 'linreg train --from-stats' then needs --no-intercept too"));
        var formula = Declare(new Option<string?>("--formula") { Description = "Make the features with a patsy/R formula, as train's --formula; the file records the formula and the levels this shard saw, and 'linreg train --from-stats' merges shards of the same formula on the union of their levels. The data is read twice (the levels first)", HelpName = "FORMULA" });
        var categorical = Declare(new Option<string?>("--categorical") { Description = "Read these feature columns as categories whatever their cells hold, as train's --categorical", HelpName = "COLUMNS" });
        var format = DeclareGroup(new CommonOptions.CsvFormatOptions());
        Runs(run => StatsJob.Run(
            new StatsJobSettings
            {
                Data = run.ParseResult.GetValue(data) ?? [],
                OutputPath = run.ParseResult.GetRequiredValue(output),
                Columns = columns.Bind(run.ParseResult),
                Missing = run.ParseResult.GetValue(missing) is MissingValuePolicy policy ? policy : default,
                Intercept = !run.ParseResult.GetValue(noIntercept),
                Format = format.Bind(run.ParseResult),
                Formula = run.ParseResult.GetValue(formula),
                Categorical = run.ParseResult.GetValue(categorical) is { } columnList ? Linreg.Core.ColumnList.Parse(columnList, "--categorical") : [],
            },
            run.Streams,
            VersionInfo.CreatedBy,
            run.CancellationToken));
    }
}
