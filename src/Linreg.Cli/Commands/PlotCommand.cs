using System.CommandLine;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Plots;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg plot --model PATH DATA -o fit.png</c>: binds options into <see cref="PlotJobSettings"/>.</summary>
internal sealed class PlotCommand : LinregCommand
{
    public PlotCommand(CliContext context)
        : base(context, "plot", "Draw how a model fits data as a PNG: for one feature the rows and the fitted line, for several each row's prediction against its actual target with the y = x diagonal; or, with --kind, one of R's residual diagnostics (plot.lm).\n"
            + "Example: linreg train examples/seed.csv -o model.json && linreg plot --model model.json examples/seed.csv -o fit.png")
    {
        var model = Declare(CommonOptions.ModelOption());
        var data = Declare(CommonOptions.DataArgument("CSV rows to plot, or - for standard input. With a header, the model's features and target are found by name; without one, the features are the first columns and the target the last", optional: false));
        var output = Declare(new Option<string>(PlotJob.OutputOption, "-o") { Description = "The PNG file to write", Required = true, HelpName = "FILE" });
        var kind = Declare(CommonOptions.Choice(
            PlotJob.KindOption,
            "What to draw: fit (the data and the line, or predicted against actual); residuals (against fitted values); qq (normal Q-Q of the standardized residuals); scale-location (their root absolute value against fitted); leverage (standardized residuals against leverage, with Cook's distance contours at 0.5 and 1). qq, scale-location and leverage need a model trained with --solver lstsq, plotted on the rows it was fitted to",
            typeof(PlotKind),
            value => DiagnosticPlot.Word((PlotKind)value)));
        var width = Declare(Pixels("--width", PlotFile.DefaultWidth, "Image width"));
        var height = Declare(Pixels("--height", PlotFile.DefaultHeight, "Image height"));
        var missing = Declare(CommonOptions.MissingOption());
        var format = DeclareGroup(new CommonOptions.CsvFormatOptions());
        Runs(run => PlotJob.Run(
            new PlotJobSettings
            {
                ModelPath = run.ParseResult.GetRequiredValue(model),
                Data = run.ParseResult.GetRequiredValue(data),
                Format = format.Bind(run.ParseResult),
                Missing = run.ParseResult.GetValue(missing) is MissingValuePolicy policy ? policy : default,
                OutputPath = run.ParseResult.GetRequiredValue(output),
                Width = run.ParseResult.GetValue(width),
                Height = run.ParseResult.GetValue(height),
                Kind = run.ParseResult.GetValue(kind) is PlotKind value ? value : default,
            },
            run.Streams,
            run.CancellationToken));
    }

    private static Option<int> Pixels(string name, int defaultValue, string what)
    {
        var option = CommonOptions.WholeNumber(name, defaultValue, $"{what} in pixels ({PlotFile.MinimumSize}-{PlotFile.MaximumSize})");
        option.HelpName = "PIXELS";
        return option;
    }
}
