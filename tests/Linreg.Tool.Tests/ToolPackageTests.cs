using System.Diagnostics;
using System.Runtime.InteropServices;
using Linreg.Tests;

namespace Linreg.Tool.Tests;

/// <summary>
/// Packs linreg as a .NET tool for this platform, installs it into a temporary tool path from that folder, and runs
/// the lesson through the installed command: what a user gets from `dotnet tool install`.
/// </summary>
public sealed class ToolPackageTests : IClassFixture<ToolPackageTests.InstalledTool>
{
    private readonly InstalledTool _tool;

    public ToolPackageTests(InstalledTool tool) => _tool = tool;

    [Fact]
    public void Pack_makes_a_pointer_package_and_one_for_this_platform()
    {
        var names = Directory.GetFiles(_tool.PackageFolder, "*.nupkg").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(2, names.Length);
        Assert.Matches(@"^linreg\.\d+\.\d+\.\d+\.nupkg$", names[0]);
        Assert.Matches($@"^linreg\.{Regex(RuntimeInformation.RuntimeIdentifier)}\.\d+\.\d+\.\d+\.nupkg$", names[1]);
        Assert.InRange(new FileInfo(Path.Combine(_tool.PackageFolder, names[1]!)).Length, 1, 250L * 1024 * 1024);
    }

    [Fact]
    public void The_installed_tool_prints_the_lessons_log()
    {
        var result = _tool.Run("train", RepoPaths.Examples("seed.csv"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Linreg.Cli.Tests", "Approved", "train-seed.verified.txt")), result.Output);
    }

    [Fact]
    public void The_installed_tool_trains_and_predicts_through_a_pipe()
    {
        using var temp = new TempFolder();
        var model = temp.File("model.json");
        Assert.Equal(0, _tool.Run("train", RepoPaths.Examples("seed.csv"), "--model", model).ExitCode);
        var predict = _tool.Run(["predict", "--model", model], standardInput: "x\n4\n");
        Assert.Equal(0, predict.ExitCode);
        Assert.StartsWith("7.99", predict.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_installed_tool_runs_the_demos()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Linreg.Cli.Tests", "Approved", "grad-demo.verified.txt")), _tool.Run("grad-demo").Output);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Linreg.Cli.Tests", "Approved", "seed-demo.verified.txt")), _tool.Run("seed-demo").Output);
    }

    [Fact]
    public void The_installed_tool_reports_a_bad_argument_in_one_line()
    {
        var result = _tool.Run("train", RepoPaths.Examples("seed.csv"), "--lr", "abc");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("linreg: error: --lr expects a number such as 0.01, or auto, not 'abc'\nTry 'linreg train --help'.\n", result.Error);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("train-then-predict.sh", "^y\n7\\.99545\\d*\n9\\.99282\\d*\n11\\.99018\\d*\n$")]
    [InlineData("lr-sweep.sh", "^lr\tfinal_cost\tstatus\n1e-6\t1\\.56\\d+\tok\n1e-5\t1\\.07\\d+\tok\n2e-5\t0\\.75\\d+\tok\n1e-4\t-\tunstable\nauto\t0\\.69\\d+\tok\n$")]
    [InlineData("standardize-and-evaluate.sh", "^rows 60\nmse [\\d.]+\nrmse [\\d.]+\nmae [\\d.]+\nr2 0\\.9\\d+\n[\\d.]+\n$")]
    public void The_example_scripts_run_with_the_installed_tool(string script, string expected)
    {
        var result = _tool.RunScript(Path.Combine(RepoPaths.Root, "examples", script));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(expected, result.Output);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    public sealed record ProcessResult(int ExitCode, string Output, string Error);

    /// <summary>Packs and installs once for all tests in the class (about a minute: libtorch is large).</summary>
    public sealed class InstalledTool : IDisposable
    {
        private readonly TempFolder _temp = new();

        public InstalledTool()
        {
            PackageFolder = _temp.File("packages");
            var toolPath = _temp.File("tools");
            var rid = RuntimeInformation.RuntimeIdentifier;
            Dotnet(
                "pack", Path.Combine(RepoPaths.Root, "src", "Linreg.Cli", "Linreg.Cli.csproj"), "-c", "Release",
                $"-p:ToolPackageRuntimeIdentifiers={rid}", "--artifacts-path", _temp.File("artifacts"), "-o", PackageFolder);
            // Only the folder just packed is a source, so a package of the same name elsewhere can never be installed instead.
            var config = _temp.Write("nuget.config", $"<configuration><packageSources><clear /><add key=\"packed\" value=\"{PackageFolder}\" /></packageSources></configuration>");
            Dotnet("tool", "install", "linreg", "--tool-path", toolPath, "--configfile", config);
            ToolCommand = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "linreg.exe" : "linreg");
        }

        public string PackageFolder { get; }

        public string ToolCommand { get; }

        public ProcessResult Run(params string[] args) => Run(args, standardInput: null);

        public ProcessResult Run(string[] args, string? standardInput) => Execute(ToolCommand, args, standardInput);

        /// <summary>Runs one of examples/*.sh with LINREG pointing at the installed tool.</summary>
        public ProcessResult RunScript(string script) => Execute("bash", [script], null, ("LINREG", ToolCommand));

        public void Dispose() => _temp.Dispose();

        private static void Dotnet(params string[] args)
        {
            var result = Execute("dotnet", args, null);
            Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed ({result.ExitCode}):\n{result.Output}\n{result.Error}");
        }

        private static ProcessResult Execute(string command, string[] args, string? standardInput, params (string Name, string Value)[] environment)
        {
            var start = new ProcessStartInfo(command)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(standardInput ?? string.Empty);
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} {string.Join(' ', args)} did not finish in 5 minutes");
            }

            return new ProcessResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }
}
