using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg inspect --model PATH</c>: binds options into <see cref="InspectJobSettings"/>.</summary>
internal sealed class InspectCommand : LinregCommand
{
    public InspectCommand(CliContext context)
        : base(context, "inspect", "Print what a model file holds: format, schema version, writer, features with their weights, bias, and the training settings and metrics when recorded.\n"
            + "Example: linreg train examples/seed.csv -o model.json && linreg inspect --model model.json")
    {
        var model = Declare(CommonOptions.ModelOption("A linreg model file, or a .pt / .safetensors file that 'linreg import' reads"));
        Runs(run => InspectJob.Run(new InspectJobSettings { ModelPath = run.ParseResult.GetRequiredValue(model) }, run.Streams));
    }
}
