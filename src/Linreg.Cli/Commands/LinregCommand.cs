using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Jobs;

namespace Linreg.Cli.Commands;

/// <summary>One run of a command: what was parsed, and where its output goes.</summary>
/// <param name="Streams">
/// What the command's Core job writes to: under --quiet its diagnostics go nowhere, and under a --json document its
/// people-output (the lesson's log) goes to stderr, so stdout holds the document alone.
/// </param>
/// <param name="Json">The command's --json document was asked for; it goes to <see cref="CliContext.Output"/>.</param>
internal sealed record CommandRun(ParseResult ParseResult, CliContext Context, JobIO Streams, bool Json, CancellationToken CancellationToken);

/// <summary>
/// What every linreg command shares. Each command's constructor only declares its options and, in
/// <see cref="Runs"/>, binds them into its Core settings and calls its Core job; this class makes the action, runs
/// it inside <see cref="CommandBoundary"/> (a failure is a <see cref="LinregException"/> carrying its
/// <see cref="ExitCode"/>) and hands the job the streams --quiet and --json ask for, so no command can forget either.
/// </summary>
internal abstract class LinregCommand : Command
{
    private Option<bool>? _jsonDocument;
    private Action<CommandRun>? _run;

    protected LinregCommand(CliContext context, string name, string description)
        : base(name, description)
    {
        SetAction((parseResult, cancellationToken) => Task.FromResult(CommandBoundary.Run(context, parseResult.GetValue(CommonOptions.Verbose), () =>
        {
            var run = _run ?? throw new InvalidOperationException($"'{Name}' declares no work to run");
            var json = _jsonDocument is not null && parseResult.GetValue(_jsonDocument);
            run(new CommandRun(parseResult, context, OutputOptions.JobStreams(context, parseResult, json), json, cancellationToken));
            return ExitCode.Success;
        })));
    }

    /// <summary>
    /// The command's work, given once its options are declared (a closure over them). Failures are thrown as
    /// <see cref="LinregException"/>s; returning is success.
    /// </summary>
    protected void Runs(Action<CommandRun> run) => _run = run;

    /// <summary>Adds the option to this command; the help lists options in the order they are declared.</summary>
    protected TOption Declare<TOption>(TOption option)
        where TOption : Option
    {
        Options.Add(option);
        return option;
    }

    protected Argument<T> Declare<T>(Argument<T> argument)
    {
        Arguments.Add(argument);
        return argument;
    }

    protected TGroup DeclareGroup<TGroup>(TGroup group)
        where TGroup : IOptionGroup
    {
        group.AddTo(this);
        return group;
    }

    /// <summary>--json for a command that prints one JSON document of its own on stdout.</summary>
    protected Option<bool> DeclareJsonDocument(string what, string? note = null) => _jsonDocument = Declare(OutputOptions.Json(what, note));
}
