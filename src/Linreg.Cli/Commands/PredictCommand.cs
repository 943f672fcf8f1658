using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg predict --model PATH [DATA]</c>: binds options into <see cref="PredictJobSettings"/>.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.ModelOption();
        var data = CommonOptions.DataArgument("CSV rows to predict for, or - for standard input. With a header, columns are matched to the model's features by name (extra columns are ignored); without one, by position", optional: true);
        var output = CommonOptions.Choice("--format", "text", "How predictions are printed: text (one per line), csv (a header naming the target, then one per line) or json (an array)", "text", "csv", "json");
        var json = OutputOptions.Json("the predictions (same as --format json)");
        var format = new CommonOptions.CsvFormatOptions();
        var command = new Command("predict", "Print one prediction per input row on stdout.\n"
            + "Example: linreg train examples/seed.csv -o model.json && printf 'x\\n4\\n' | linreg predict --model model.json")
        {
            model, data, output, json,
        };
        format.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            var settings = new PredictJobSettings
            {
                ModelPath = parseResult.GetRequiredValue(model),
                Data = parseResult.GetValue(data) ?? "-",
                Format = format.Bind(parseResult),
                Output = parseResult.GetValue(json) ? PredictionFormat.Json : Enum.Parse<PredictionFormat>(parseResult.GetRequiredValue(output), ignoreCase: true),
            };
            PredictJob.Run(settings, OutputOptions.JobStreams(context, parseResult, json: false), cancellationToken);
            return ExitCode.Success;
        })));
        return command;
    }
}
