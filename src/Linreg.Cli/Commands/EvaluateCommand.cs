using System.Globalization;
using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg evaluate --model PATH [DATA]</c>: binds options into <see cref="EvaluateJobSettings"/>.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.ModelOption();
        var data = CommonOptions.DataArgument("CSV rows with the model's feature and target columns (by header name; without a header, the features then the target), or - for standard input", optional: true);
        var missing = CommonOptions.MissingOption();
        var json = OutputOptions.Json("the metrics");
        var format = new CommonOptions.CsvFormatOptions();
        var command = new Command("evaluate", "Print MSE, RMSE, MAE and R² of a model on a data set, one 'name value' line each.\n"
            + "Example: linreg evaluate --model model.json examples/seed.csv")
        {
            model, data, missing, json,
        };
        format.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            var settings = new EvaluateJobSettings
            {
                ModelPath = parseResult.GetRequiredValue(model),
                Data = parseResult.GetValue(data) ?? DataSource.StandardInputName,
                Format = format.Bind(parseResult),
                Missing = CommonOptions.BindMissing(parseResult, missing),
            };
            var metrics = EvaluateJob.Run(settings, OutputOptions.JobStreams(context, parseResult, json: true), cancellationToken);
            if (parseResult.GetValue(json))
            {
                Output.JsonReports.WriteMetrics(context.Output, metrics);
            }
            else
            {
                var c = CultureInfo.InvariantCulture;
                context.Output.WriteLine(string.Create(c, $"rows {metrics.Rows}"));
                context.Output.WriteLine(string.Create(c, $"mse {metrics.Mse:R}"));
                context.Output.WriteLine(string.Create(c, $"rmse {metrics.Rmse:R}"));
                context.Output.WriteLine(string.Create(c, $"mae {metrics.Mae:R}"));
                context.Output.WriteLine(string.Create(c, $"r2 {metrics.R2:R}"));
            }

            return ExitCode.Success;
        })));
        return command;
    }
}
