using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg inspect --model PATH</c>: binds options into <see cref="InspectJobSettings"/>.</summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.ModelOption("A linreg model file, or a .pt / .safetensors file that 'linreg import' reads");
        var command = new Command("inspect", "Print what a model file holds: format, schema version, writer, features with their weights, bias, and the training settings and metrics when recorded.\n"
            + "Example: linreg train examples/seed.csv -o model.json && linreg inspect --model model.json")
        {
            model,
        };
        command.SetAction((parseResult, _) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            InspectJob.Run(new InspectJobSettings { ModelPath = parseResult.GetRequiredValue(model) }, context.ToJobIO());
            return ExitCode.Success;
        })));
        return command;
    }
}
