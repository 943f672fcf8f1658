using System.CommandLine;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary><c>linreg import FILE -o model.json [--features a,b --target y]</c>: binds options into <see cref="ImportJobSettings"/>.</summary>
internal sealed class ImportCommand : LinregCommand
{
    public ImportCommand(CliContext context)
        : base(context, "import", "Turn a PyTorch nn.Linear(k, 1) state_dict (.pt or .safetensors) into a linreg model file, for 'linreg predict'.\n"
            + "Example: linreg import linear.pt -o model.json --features hours,score --target grade && linreg inspect --model model.json")
    {
        var input = Declare(new Argument<string>("FILE") { Description = "A state_dict of nn.Linear(k, 1) saved by PyTorch: torch.save(linear.state_dict(), FILE), or a safetensors file; told apart by content" });
        var output = Declare(new Option<string>(ImportJob.OutputOption, "-o") { Description = "The linreg model file to write (JSON)", Required = true, HelpName = "PATH" });
        var features = Declare(new Option<string?>("--features") { Description = "Names of the k features, comma-separated, in the order of the weight's columns; quote a name holding a comma: '\"a,b\",c' [default: x1,…,xk]", HelpName = "NAMES" });
        var target = Declare(new Option<string>("--target") { Description = "Name of the predicted column", DefaultValueFactory = _ => "y", HelpName = "NAME" });
        Runs(run => ImportJob.Run(
            new ImportJobSettings
            {
                InputPath = run.ParseResult.GetRequiredValue(input),
                OutputPath = run.ParseResult.GetRequiredValue(output),
                Features = run.ParseResult.GetValue(features) is { } names ? Core.ColumnList.Parse(names, "--features", keepEmpty: true) : null,
                Target = run.ParseResult.GetRequiredValue(target).Trim(),
            },
            run.Streams,
            VersionInfo.CreatedBy));
    }
}
