using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg predict --model PATH [DATA]</c>: binds options into <see cref="PredictJobSettings"/>.</summary>
internal sealed class PredictCommand : LinregCommand
{
    public PredictCommand(CliContext context)
        : base(context, "predict", "Print one prediction per input row on stdout.\n"
            + "Example: linreg train examples/seed.csv -o model.json && printf 'x\\n4\\n' | linreg predict --model model.json")
    {
        var model = Declare(CommonOptions.ModelOption());
        var data = Declare(CommonOptions.DataArgument("CSV rows to predict for, or - for standard input. With a header, columns are matched to the model's features by name (extra columns are ignored); without one, by position", optional: true));
        var output = Declare(CommonOptions.Choice("--format", "How predictions are printed: text (one per line), csv (a header naming the target, then one per line) or json (an array)", typeof(PredictionFormat)));

        // Not a --json document: the predictions are the job's output, and as a JSON array they stay on stdout.
        var json = Declare(OutputOptions.Json("the predictions (same as --format json)"));
        var interval = Declare(CommonOptions.Choice("--interval", "Bounds beside each prediction, from a model fitted with --solver lstsq: confidence (of the fitted mean) or prediction (of a new observation); text then prints three columns, csv a header 'target,lower,upper', json objects", typeof(IntervalKind)));
        var level = Declare(CommonOptions.Number("--level", 0.95, "Confidence level of --interval", "0.95"));
        var keep = Declare(new Option<string?>("--keep") { Description = "Columns copied beside each prediction, as their text: comma-separated names or 0-based indices (quote a name holding a comma: '\"a,b\",id'); a name the output already has gets _kept appended", HelpName = "COLUMNS" });
        var format = DeclareGroup(new CommonOptions.CsvFormatOptions());
        Runs(run => PredictJob.Run(
            new PredictJobSettings
            {
                ModelPath = run.ParseResult.GetRequiredValue(model),
                Data = run.ParseResult.GetValue(data) ?? DataSource.StandardInputName,
                Format = format.Bind(run.ParseResult),
                Output = run.ParseResult.GetValue(json) ? PredictionFormat.Json : run.ParseResult.GetValue(output) is PredictionFormat chosen ? chosen : default,
                Interval = run.ParseResult.GetValue(interval) is IntervalKind kind ? kind : default,
                Level = run.ParseResult.GetValue(level),
                Keep = run.ParseResult.GetValue(keep) is { } kept ? ColumnList.Parse(kept, "--keep") : [],
            },
            run.Streams,
            run.CancellationToken));
    }
}
