using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg import FILE -o model.json [--features a,b --target y]</c>: binds options into <see cref="ImportJobSettings"/>.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("FILE") { Description = "A state_dict of nn.Linear(k, 1) saved by PyTorch: torch.save(linear.state_dict(), FILE), or a safetensors file; told apart by content" };
        var output = new Option<string>(ImportJob.OutputOption, "-o") { Description = "The linreg model file to write (JSON)", Required = true, HelpName = "PATH" };
        var features = new Option<string?>("--features") { Description = "Names of the k features, comma-separated, in the order of the weight's columns [default: x1,…,xk]", HelpName = "NAMES" };
        var target = new Option<string>("--target") { Description = "Name of the predicted column", DefaultValueFactory = _ => "y", HelpName = "NAME" };
        var command = new Command("import", "Turn a PyTorch nn.Linear(k, 1) state_dict (.pt or .safetensors) into a linreg model file, for 'linreg predict'.\n"
            + "Example: linreg import linear.pt -o model.json --features hours,score --target grade && linreg inspect --model model.json")
        {
            input, output, features, target,
        };
        command.SetAction((parseResult, _) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            var settings = new ImportJobSettings
            {
                InputPath = parseResult.GetRequiredValue(input),
                OutputPath = parseResult.GetRequiredValue(output),
                Features = parseResult.GetValue(features)?.Split(',', StringSplitOptions.TrimEntries),
                Target = parseResult.GetRequiredValue(target).Trim(),
            };
            ImportJob.Run(settings, context.ToJobIO(), VersionInfo.CreatedBy);
            return ExitCode.Success;
        })));
        return command;
    }
}
