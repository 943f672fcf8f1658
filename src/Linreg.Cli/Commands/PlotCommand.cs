using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Plots;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg plot --model PATH DATA -o fit.png</c>: binds options into <see cref="PlotJobSettings"/>.</summary>
internal static class PlotCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.ModelOption();
        var data = CommonOptions.DataArgument("CSV rows to plot, or - for standard input. With a header, the model's features and target are found by name; without one, the features are the first columns and the target the last", optional: false);
        var output = new Option<string>(PlotJob.OutputOption, "-o") { Description = "The PNG file to write", Required = true, HelpName = "FILE" };
        var width = CommonOptions.WholeNumber("--width", PlotFile.DefaultWidth, PlotFile.MinimumSize, $"Image width in pixels ({PlotFile.MinimumSize}-{PlotFile.MaximumSize})");
        var height = CommonOptions.WholeNumber("--height", PlotFile.DefaultHeight, PlotFile.MinimumSize, $"Image height in pixels ({PlotFile.MinimumSize}-{PlotFile.MaximumSize})");
        width.HelpName = "PIXELS";
        height.HelpName = "PIXELS";
        var missing = CommonOptions.MissingOption();
        var format = new CommonOptions.CsvFormatOptions();
        var command = new Command("plot", "Draw how a model fits data as a PNG: for one feature the rows and the fitted line, for several each row's prediction against its actual target with the y = x diagonal.\n"
            + "Example: linreg train examples/seed.csv -o model.json && linreg plot --model model.json examples/seed.csv -o fit.png")
        {
            model, data, output, width, height, missing,
        };
        format.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            var settings = new PlotJobSettings
            {
                ModelPath = parseResult.GetRequiredValue(model),
                Data = parseResult.GetRequiredValue(data),
                Format = format.Bind(parseResult),
                Missing = CommonOptions.BindMissing(parseResult, missing),
                OutputPath = parseResult.GetRequiredValue(output),
                Width = parseResult.GetValue(width),
                Height = parseResult.GetValue(height),
            };
            PlotJob.Run(settings, context.ToJobIO(), cancellationToken);
            return ExitCode.Success;
        })));
        return command;
    }
}
