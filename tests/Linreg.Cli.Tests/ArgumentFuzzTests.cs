using CsCheck;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// Random argument lists, built from linreg's own words and plausible mistakes, through the whole command tree:
/// every run ends with a documented exit code, and a failure is a short message, never a trace or an internal error.
/// </summary>
public sealed class ArgumentFuzzTests : IDisposable
{
    internal const int Iterations = 3000;

    private static readonly int[] Documented = [.. Enum.GetValues<ExitCode>().Where(c => c != ExitCode.InternalError).Select(c => (int)c)];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Random_command_lines_end_with_a_documented_exit_code_and_no_trace()
    {
        var seed = RepoPaths.Examples("seed.csv");
        var scores = RepoPaths.Examples("scores.csv");
        var bad = _temp.Write("bad.csv", "x,y\n1,2\n3,abc\n");
        var model = _temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("train", seed, "--model", model, "--epochs", "20").ExitCode);
        var stats = _temp.File("seed.stats");
        Assert.Equal(0, CliRunner.Run("stats", seed, "-o", stats).ExitCode);
        string[] words =
        [
            "train", "predict", "grad-demo", "seed-demo", "train", "predict",
            seed, scores, bad, "-", _temp.Path, _temp.File("missing.csv"), model, _temp.File("out.json"), _temp.File("no/such/dir/m.json"),
            "--lr", "--epochs", "--seed", "--log-every", "--device", "--model", "-o", "-m", "--log", "--target", "--features", "--missing",
            "--delimiter", "-d", "--header", "--no-header", "--checkpoint", "--resume", "--checkpoint-every", "--zero-grad", "--steps",
            "--seeds", "--count", "--verbose", "--help", "--version", "--bogus",
            "0.01", "1e-5", "abc", "-1", "0", "3", "7", "10", "NaN", "1e400", "cpu", "cuda", "auto", "drop", "error", ";", "tab", "x", "y",
            "x1,x2", "3,5,3", "3,,x", "", " ", "\u00e9", "--lr=0.1", "-",
            "stats", "--from-stats", stats, Path.Combine(_temp.Path, "*.stats"), Path.Combine(RepoPaths.Root, "examples", "*.csv"), "--solver", "lstsq", "--no-intercept", "--stream", "--output",
        ];
        string[] inputs = ["", "x,y\n1,2\n2,4\n", "4\n5\n", "x\n4\n", "\0\u0001garbage", "x,y\n1,2\n3\n"];
        CheckRandomCommandLines(words, inputs, maxArgs: 9, Iterations);
    }

    /// <summary>
    /// Runs random command lines picked from <paramref name="words"/>, with one of <paramref name="inputs"/> on
    /// standard input: each must end with a documented exit code, and a failure with a short message and no trace.
    /// </summary>
    internal static void CheckRandomCommandLines(string[] words, string[] inputs, int maxArgs, int iterations) =>
        Gen.Select(Gen.Int[0, words.Length - 1].Array[0, maxArgs], Gen.Int[0, inputs.Length - 1]).Sample(
            (picks, input) =>
            {
                var args = picks.Select(i => words[i]).ToArray();
                var result = CliRunner.RunWithInput(inputs[input], args);
                Assert.True(Documented.Contains(result.ExitCode), $"exit code {result.ExitCode} for: linreg {string.Join(' ', args)}\n{result.Error}");
                Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
                if (result.ExitCode != 0 && !args.Contains("--verbose"))
                {
                    Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
                    Assert.InRange(result.Error.Count(c => c == '\n'), 1, 3);
                }
            },
            iter: iterations,
            threads: 1);
}
