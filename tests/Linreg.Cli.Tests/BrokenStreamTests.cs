using System.Diagnostics;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// linreg as a real process with its standard streams closed or full, as shells make them (<c>2&gt;&amp;-</c>,
/// <c>&gt;/dev/full</c>): a lost stderr never costs the run, and a full stdout is an output error in one line.
/// </summary>
public sealed class BrokenStreamTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>Runs linreg under bash with <paramref name="redirections"/>; stderr is captured unless they redirect it.</summary>
    private static (int ExitCode, string Error) Run(string redirections, params string[] args)
    {
        var linreg = Path.Combine(AppContext.BaseDirectory, "linreg.dll");
        var command = $"exec dotnet {Quote(linreg)} {string.Join(' ', args.Select(Quote))} {redirections}";
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "linreg did not finish within 60 s");
        return (process.ExitCode, error);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [SkippableTheory]
    [InlineData("2>&-")]
    [InlineData("2>/dev/full")]
    public void A_closed_or_full_stderr_loses_the_messages_not_the_model(string stderr)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/dev/full and bash redirections");
        var model = _temp.File("model.json");
        var (exitCode, _) = Run($">/dev/null {stderr}", "train", RepoPaths.Examples("seed.csv"), "-o", model);
        Assert.Equal(0, exitCode);
        Assert.Contains("\"bias\": 0.005984552", File.ReadAllText(model), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("train", "{seed}", "-o", "{model}")]
    [InlineData("predict", "--model", "{existing}", "{seed}")]
    [InlineData("train", "{seed}", "--json", "--log-every", "0")]
    public void A_full_stdout_is_an_output_error_in_one_line(params string[] args)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/dev/full and bash redirections");
        var existing = _temp.File("existing.json");
        Assert.Equal(0, Run(">/dev/null", "train", RepoPaths.Examples("seed.csv"), "-o", existing, "-q").ExitCode);
        var model = _temp.File("model.json");
        string[] expanded = [.. args.Select(a => a.Replace("{seed}", RepoPaths.Examples("seed.csv"), StringComparison.Ordinal)
            .Replace("{model}", model, StringComparison.Ordinal)
            .Replace("{existing}", existing, StringComparison.Ordinal))];
        var (exitCode, error) = Run(">/dev/full", expanded);
        Assert.Equal((int)ExitCode.OutputError, exitCode);
        Assert.EndsWith("linreg: error: standard output cannot be written (No space left on device); the output is incomplete\n", error, StringComparison.Ordinal);

        // The lesson's log fails at its first line, before any model is written.
        Assert.False(File.Exists(model));
    }

    [SkippableTheory]
    [InlineData("<&-", (int)ExitCode.DataError, "linreg: error: standard input: cannot be read (standard input is closed)", "train", "-")]
    [InlineData(">&-", (int)ExitCode.OutputError, "linreg: error: standard output cannot be written (standard output is closed); the output is incomplete", "predict", "--model", "{existing}", "{seed}")]
    public void A_stream_closed_at_start_is_told_in_one_line_not_a_hang(string redirection, int code, string message, params string[] args)
    {
        // The runtime reuses a closed descriptor for its own signal pipe: reading it as standard input hung forever
        // and swallowed the SIGTERM that should have stopped it.
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc and bash redirections");
        var existing = _temp.File("existing.json");
        Assert.Equal(0, Run(">/dev/null", "train", RepoPaths.Examples("seed.csv"), "-o", existing, "-q").ExitCode);
        var (exitCode, error) = Run(redirection, [.. args.Select(a => a.Replace("{seed}", RepoPaths.Examples("seed.csv"), StringComparison.Ordinal).Replace("{existing}", existing, StringComparison.Ordinal))]);
        Assert.Equal(code, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
