using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>--quiet holds for every command: nothing on stderr but errors, and the results on stdout unchanged.</summary>
public sealed class QuietTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A successful run of each command; those given bad rows or a float64 file also warn on stderr.</summary>
    private static readonly string[][] Commands =
    [
        ["train", "{dropped}", "--missing", "drop", "-o", "{temp}/trained.json"],
        ["train", "{seed}", "--json"],
        ["stats", "{dropped}", "--missing", "drop", "-o", "-"],
        ["predict", "--model", "{model}", "{seed}"],
        ["evaluate", "--model", "{model}", "{dropped}", "--missing", "drop"],
        ["grad-demo", "--steps", "3"],
        ["seed-demo"],
        ["plot", "--model", "{model}", "{dropped}", "--missing", "drop", "-o", "{temp}/fit.png"],
        ["export", "--model", "{model}", "-o", "{temp}/m.pt"],
        ["import", "{fixtures}/sequential-float64.pt", "-o", "{temp}/imported.json"],
        ["inspect", "--model", "{model}"],
    ];

    public static TheoryData<string, string[]> Runs
    {
        get
        {
            var runs = new TheoryData<string, string[]>();
            foreach (var args in Commands)
            {
                runs.Add(args[0], args);
            }

            return runs;
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Quiet_leaves_stderr_empty_on_success_and_stdout_unchanged(string command, string[] args)
    {
        var model = _temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "-o", model, "--quiet").ExitCode);
        var loud = Run(args, model, "loud");
        Assert.True(loud.ExitCode == 0, $"{command}: {loud.Error}");

        var quiet = Run([.. args, "--quiet"], model, "quiet");
        Assert.True(quiet.ExitCode == 0, $"{command} --quiet: {quiet.Error}");
        Assert.Equal(string.Empty, quiet.Error);
        if (!args.Contains("--json"))
        {
            // train's --json document holds the seconds taken; every other stdout must be the same bytes.
            Assert.Equal(loud.Output, quiet.Output);
        }
    }

    [Fact]
    public void Every_command_is_run_quietly()
    {
        var root = LinregCli.BuildRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, () => Stream.Null));
        Assert.Equal(root.Subcommands.Select(c => c.Name).Order(), Commands.Select(args => args[0]).Distinct().Order());
    }

    [Fact]
    public void Commands_that_talk_on_stderr_are_the_ones_quiet_silences()
    {
        // Without --quiet these say something on stderr, so the test above shows --quiet silencing real output.
        var model = _temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "-o", model, "--quiet").ExitCode);
        foreach (var args in Commands.Where(a => a[0] is not ("predict" or "seed-demo" or "inspect")))
        {
            var loud = Run(args, model, "talk");
            Assert.True(loud.Error.Length > 0, $"{string.Join(' ', args)} printed nothing on stderr");
        }
    }

    [Theory]
    [InlineData(ExitCode.ModelError, "plot", "--model", "{temp}/none.json", "{seed}", "-o", "{temp}/fit.png")]
    [InlineData(ExitCode.ModelError, "export", "--model", "{temp}/none.json", "-o", "{temp}/m.pt")]
    [InlineData(ExitCode.ModelError, "import", "{temp}/none.pt", "-o", "{temp}/m.json")]
    [InlineData(ExitCode.ModelError, "inspect", "--model", "{temp}/none.json")]
    [InlineData(ExitCode.UsageError, "grad-demo", "--steps", "x")]
    public void Errors_still_reach_stderr_under_quiet(ExitCode code, params string[] args)
    {
        var result = Run([.. args, "-q"], _temp.File("model.json"), "error");
        Assert.Equal((int)code, result.ExitCode);
        Assert.StartsWith("linreg: error: ", result.Error, StringComparison.Ordinal);
    }

    private CliResult Run(string[] args, string model, string outputs)
    {
        var folder = Path.Combine(_temp.Path, outputs);
        Directory.CreateDirectory(folder);
        var dropped = _temp.Write("dropped.csv", "x,y\n1,2\n2,abc\n3,6\n4,8\n");
        var fixtures = Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures");
        return CliRunner.Run([.. args.Select(a => a
            .Replace("{seed}", RepoPaths.Examples("seed.csv"), StringComparison.Ordinal)
            .Replace("{dropped}", dropped, StringComparison.Ordinal)
            .Replace("{model}", model, StringComparison.Ordinal)
            .Replace("{fixtures}", fixtures, StringComparison.Ordinal)
            .Replace("{temp}", folder, StringComparison.Ordinal))]);
    }
}
