namespace Linreg.Cli.Tests;

/// <summary>
/// Every command's --help against its approved text: option names, aliases, value names, defaults, descriptions and
/// their order are what users and scripts learn, so a change to any of them has to be approved, never incidental.
/// </summary>
public class HelpApprovalTests
{
    private static readonly string[] Subcommands = ["train", "stats", "predict", "evaluate", "grad-demo", "seed-demo", "plot", "export", "import", "inspect"];

    public static TheoryData<string> Commands { get; } = ["", .. Subcommands];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_is_the_approved_text(string command)
    {
        var result = command.Length == 0 ? CliRunner.Run("--help") : CliRunner.Run(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Approvals.Verify("help-" + (command.Length == 0 ? "root" : command), result.Output);
    }

    [Fact]
    public void Every_command_has_its_help_approved()
    {
        var root = LinregCli.BuildRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, () => Stream.Null));
        Assert.Equal(root.Subcommands.Select(c => c.Name).Order(), Subcommands.Order());
    }
}
