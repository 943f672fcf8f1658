using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Linreg.Cli.Commands;
using Linreg.Core;

namespace Linreg.Cli;

/// <summary>Builds the command tree and runs it: the one place where argv meets the commands.</summary>
public static class LinregCli
{
    public static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand(
            "linreg: linear regression at the shell, with real TorchSharp autograd. Reproduces the PyTorch lesson exactly "
            + "(x*W+b, MSE cost, SGD, zero_grad/backward/step) and trains on your CSV files.\n"
            + "Example: linreg train examples/seed.csv --lr 0.01 --model model.json && echo 4 | linreg predict --model model.json")
        {
            HelpName = "linreg",
        };
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(OutputOptions.Quiet);
        root.Subcommands.Add(new TrainCommand(context));
        root.Subcommands.Add(new StatsCommand(context));
        root.Subcommands.Add(new PredictCommand(context));
        root.Subcommands.Add(new EvaluateCommand(context));
        root.Subcommands.Add(new GradDemoCommand(context));
        root.Subcommands.Add(new SeedDemoCommand(context));
        root.Subcommands.Add(new PlotCommand(context));
        root.Subcommands.Add(new ExportCommand(context));
        root.Subcommands.Add(new ImportCommand(context));
        root.Subcommands.Add(new InspectCommand(context));
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        // No response files: "@data.csv" is a file name a user may well have, and expanding it into arguments would
        // make linreg read options out of a data file.
        var parseResult = BuildRootCommand(context).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is ParseErrorAction)
        {
            return Task.FromResult(ReportParseError(parseResult, context.Error));
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,

            // Signals are the host's (Program): cancellation arrives through the token.
            ProcessTerminationTimeout = null,
        };
        return parseResult.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The first parse error as one line, naming its option, then where to look, instead of the whole help text.</summary>
    private static int ReportParseError(ParseResult parseResult, TextWriter error)
    {
        var first = parseResult.Errors[0];
        var message = string.Join(' ', first.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var option = first.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        if (option is not null && !message.Contains(option.Name, StringComparison.Ordinal))
        {
            message = $"{option.Name}: {message}";
        }

        var command = parseResult.CommandResult.Command;
        if (command is RootCommand root)
        {
            var commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
            var unknown = parseResult.UnmatchedTokens.Count > 0 ? parseResult.UnmatchedTokens[0] : null;
            message = unknown switch
            {
                null => $"no command given; the commands are {commands}",
                _ when unknown.StartsWith('-') => $"unknown option '{unknown}'",
                _ => $"unknown command '{unknown}'; the commands are {commands}",
            };
        }

        var path = command is RootCommand ? "linreg" : $"linreg {command.Name}";
        error.WriteLine($"linreg: error: {message}");
        error.WriteLine($"Try '{path} --help'.");
        error.Flush();
        return (int)ExitCode.UsageError;
    }
}
