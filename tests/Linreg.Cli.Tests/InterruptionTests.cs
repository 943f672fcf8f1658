using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// Runs linreg as a real process and stops it mid-training with SIGINT, SIGTERM and SIGKILL: a previous model must
/// survive intact, nothing half-written may appear, and a graceful stop must say so and save a checkpoint.
/// </summary>
public sealed partial class InterruptionTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const string PreviousModel = "{\"previous\": \"model\"}\n";

    private readonly TempFolder _temp = new();
    private readonly string _data;

    public InterruptionTests()
    {
        // Big enough that a step takes a while, small enough to write in a moment.
        var csv = new StringBuilder("x1,x2,y\n");
        for (var i = 0; i < 20_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i % 97},{i % 13},{(3 * (i % 97)) - (i % 13) + 1}\n");
        }

        _data = _temp.Write("data.csv", csv.ToString());
    }

    [SkippableTheory]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public void A_signal_stops_training_between_steps_and_keeps_the_previous_model(int signal)
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");
        var model = _temp.Write("model.json", PreviousModel);
        var checkpoint = _temp.File("ck.json");
        var (exitCode, error) = RunAndSignal(signal, "--model", model, "--checkpoint", checkpoint, "--checkpoint-every", "1000000", "--log", _temp.File("steps.csv"));

        Assert.Equal((int)ExitCode.Interrupted, exitCode);
        Assert.Matches(@"^linreg: error: interrupted after \d+ of 100000000 steps; no model was written; progress up to epoch \d+ is saved in .*ck\.json: continue with --resume .*ck\.json\n$", error);
        Assert.Equal(PreviousModel, File.ReadAllText(model));
        Assert.Equal(["ck.json", "data.csv", "model.json"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order());
    }

    [SkippableFact]
    public void A_killed_run_leaves_the_previous_model_intact()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");
        var model = _temp.Write("model.json", PreviousModel);
        var (exitCode, _) = RunAndSignal(SigKill, "--model", model);
        Assert.Equal(128 + SigKill, exitCode);
        Assert.Equal(PreviousModel, File.ReadAllText(model));
        Assert.DoesNotContain(Directory.GetFiles(_temp.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal) && f.Contains("model.json", StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Starts a practically endless run, waits for its first log line, then sends the signal.</summary>
    [SkippableTheory]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public void A_second_signal_while_the_first_is_honoured_changes_nothing(int signal)
    {
        // The race this guards against (System.CommandLine completing a task twice) was lost about one time in six.
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");
        for (var run = 0; run < 4; run++)
        {
            var (exitCode, error) = RunAndSignal(signal, 2);
            Assert.Equal((int)ExitCode.Interrupted, exitCode);

            // A start slower than a second (a loaded machine) shows a progress line first, as it should.
            var lines = error.Split('\n').Where(l => !l.StartsWith("linreg: epoch ", StringComparison.Ordinal));
            Assert.Matches(@"^linreg: error: interrupted after \d+ of 100000000 steps; no model was written\n$", string.Join('\n', lines));
        }
    }

    private (int ExitCode, string Error) RunAndSignal(int signal, params string[] extraArgs) => RunAndSignal(signal, 1, extraArgs);

    /// <param name="times">Signals sent back to back, as a user pressing Ctrl-C twice does.</param>
    private (int ExitCode, string Error) RunAndSignal(int signal, int times, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = [Path.Combine(AppContext.BaseDirectory, "linreg.dll"), "train", _data, "--epochs", "100000000", "--lr", "0.0001", "--log-every", "10", .. extraArgs];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var firstLine = process.StandardOutput.ReadLine();
        Assert.StartsWith("Epoch    0/99999999", firstLine, StringComparison.Ordinal);
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(0, Kill(process.Id, signal));
        }

        var drain = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "linreg did not stop within 30 s of the signal");
        drain.GetAwaiter().GetResult();
        return (process.ExitCode, error.GetAwaiter().GetResult());
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
