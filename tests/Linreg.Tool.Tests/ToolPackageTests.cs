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
    public void The_installed_tool_exports_onnx_and_ships_no_onnx_runtime()
    {
        using var temp = new TempFolder();
        var model = temp.File("model.json");
        Assert.Equal(0, _tool.Run("train", RepoPaths.Examples("seed.csv"), "--model", model, "--quiet").ExitCode);
        var export = _tool.Run("export", "--model", model, "-o", temp.File("model.onnx"));
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.True(new FileInfo(temp.File("model.onnx")).Length > 0);

        // ONNX Runtime is for the tests alone: its native libraries would add tens of MB to every install.
        foreach (var package in Directory.GetFiles(_tool.PackageFolder, "*.nupkg"))
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(package);
            Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase));
        }
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

    [SkippableFact]
    public void The_dask_example_fits_shards_on_worker_processes_as_one_file_fits()
    {
        // CI installs python3-distributed (.ci/run), so there a missing Dask is a failure, never a silent pass.
        // LINREG_PYTHON chooses another interpreter (a virtual environment's, say).
        var python = Environment.GetEnvironmentVariable("LINREG_PYTHON") is { Length: > 0 } chosen ? chosen : "python3";
        var hasDask = InstalledTool.RunProgram(python, "-c", "import distributed") is { ExitCode: 0 };
        Skip.If(!hasDask && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")), $"{python} cannot import distributed (Debian: apt-get install python3-distributed); outside CI only, this is skipped");
        Assert.True(hasDask, $"CI is set but {python} cannot import distributed: .ci/run should have installed python3-distributed");

        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("shards"));
        var random = new Random(17);
        var all = new System.Text.StringBuilder("a,b,c,y\n");
        for (var s = 0; s < 5; s++)
        {
            var shard = new System.Text.StringBuilder("a,b,c,y\n");
            for (var r = 0; r < 2000 + (s * 333); r++)
            {
                var (a, b, c) = (5 + (random.NextDouble() * 10), random.NextDouble(), random.NextDouble() * 1e3);
                var line = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{a:R},{b:R},{c:R},{(1.5 * a) - (3 * b) + (0.01 * c) + 2 + random.NextDouble():R}\n");
                shard.Append(line);
                all.Append(line);
            }

            File.WriteAllText(temp.File($"shards/part-{s}.csv"), shard.ToString());
        }

        var script = Path.Combine(RepoPaths.Root, "examples", "dask", "fit_shards.py");
        var merged = InstalledTool.RunProgram(python, script, "--linreg", _tool.ToolCommand, "--workers", "2", "--out", temp.File("work"), temp.File("shards") + "/*.csv", "--", "--json", "--quiet")!;
        Assert.True(merged.ExitCode == 0, merged.Error);
        Assert.Matches(@"fit_shards: 5 shard\(s\) summarised by [12] worker process", merged.Error);
        var single = _tool.Run("train", temp.Write("all.csv", all.ToString()), "--solver", "lstsq", "--json", "--quiet");
        Assert.True(single.ExitCode == 0, single.Error);
        static (double Estimate, double StdError)[] Terms(string json) =>
            [.. System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("inference").GetProperty("coefficients").EnumerateArray()
                .Select(t => (t.GetProperty("estimate").GetDouble(), t.GetProperty("stdError").GetDouble()))];
        var expected = Terms(single.Output);
        var actual = Terms(merged.Output);
        Assert.Equal(4, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i].Estimate - expected[i].Estimate) <= 1e-12 * Math.Abs(expected[i].Estimate), $"term {i}: {actual[i].Estimate:R} from shards, {expected[i].Estimate:R} from one file");
            Assert.True(Math.Abs(actual[i].StdError - expected[i].StdError) <= 1e-12 * expected[i].StdError, $"term {i}'s standard error: {actual[i].StdError:R} from shards, {expected[i].StdError:R} from one file");
        }
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

        /// <summary>Another program (python3); null when it is not installed.</summary>
        public static ProcessResult? RunProgram(string command, params string[] args)
        {
            try
            {
                return Execute(command, args, null);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

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
            // Packing precompiles every assembly (ReadyToRun): about a minute alone on two cores, several when the
            // machine is shared; the bound only keeps a hung process from holding the suite.
            if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} {string.Join(' ', args)} did not finish in 15 minutes");
            }

            return new ProcessResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }
}
