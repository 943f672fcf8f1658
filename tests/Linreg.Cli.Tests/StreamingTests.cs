using System.Globalization;
using System.Text;
using System.Text.Json;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>--stream: the same batches as an in-memory run, read from the file a buffer at a time.</summary>
public sealed class StreamingTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _data;

    public StreamingTests()
    {
        var csv = new StringBuilder("a,b,y\n");
        var random = new Random(3);
        for (var i = 0; i < 3000; i++)
        {
            var a = random.NextDouble();
            var b = random.NextDouble();
            csv.Append(CultureInfo.InvariantCulture, $"{a:R},{b:R},{(2 * a) - b + 0.5 + (0.01 * random.NextDouble()):R}\n");
        }

        _data = _temp.Write("data.csv", csv.ToString());
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_exact_solver_streamed_in_one_pass_equals_its_in_memory_fit()
    {
        // 13 MB: several 4 MiB chunks folded and merged in file order, against 64K-row chunks of the rows in memory.
        var csv = new StringBuilder("a,b,c,y\n");
        var random = new Random(5);
        for (var i = 0; i < 200_000; i++)
        {
            var (a, b, c) = (random.NextDouble() * 100, random.NextDouble(), random.NextDouble() - 3);
            csv.Append(CultureInfo.InvariantCulture, $"{a:R},{b:R},{c:R},{(0.2 * a) - b + (4 * c) + 0.5 + (random.NextDouble() * b):R}\n");
        }

        var data = _temp.Write("big.csv", csv.ToString());
        using var inMemory = JsonDocument.Parse(CliRunner.Run("train", data, "--solver", "lstsq", "--se", "hc3", "--json").Output);
        using var streamed = JsonDocument.Parse(CliRunner.Run("train", data, "--solver", "lstsq", "--se", "hc3", "--json", "--stream").Output);
        static double[] Numbers(JsonDocument json, string field) =>
            [.. json.RootElement.GetProperty("inference").GetProperty("coefficients").EnumerateArray().Select(t => t.GetProperty(field).GetDouble())];
        foreach (var field in new[] { "estimate", "stdError" })
        {
            var expected = Numbers(inMemory, field);
            var actual = Numbers(streamed, field);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 * Math.Abs(expected[i]), $"{field} {i}: streamed {actual[i]:R}, in memory {expected[i]:R}");
            }
        }

        Assert.Equal(200_000, streamed.RootElement.GetProperty("metrics").GetProperty("train").GetProperty("rows").GetInt32());
    }

    [Fact]
    public void Streamed_batches_give_the_same_model_as_in_memory_batches()
    {
        var inMemory = Weights(CliRunner.Run("train", _data, "--batch-size", "64", "--epochs", "3", "--lr", "0.1", "--json", "-q"));
        var streamed = Weights(CliRunner.Run("train", _data, "--batch-size", "64", "--epochs", "3", "--lr", "0.1", "--json", "-q", "--stream"));
        Assert.Equal(inMemory, streamed);
    }

    [Fact]
    public void Streaming_logs_once_per_epoch_and_writes_a_usable_model()
    {
        var model = _temp.File("m.json");
        var result = CliRunner.Run("train", _data, "--stream", "--standardize", "--shuffle", "--batch-size", "256", "--epochs", "20", "--lr", "0.1", "--log-every", "10", "-o", model);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^Epoch   10/19 w1: -?\d+\.\d{3} w2: -?\d+\.\d{3} b: -?\d+\.\d{3} Cost: \d+\.\d{6}$", lines[1]);
        Assert.Contains("(streamed)", result.Error, StringComparison.Ordinal);
        var evaluate = CliRunner.Run("evaluate", "--model", model, _data);
        var r2 = double.Parse(evaluate.Output.Split('\n').Single(l => l.StartsWith("r2 ", StringComparison.Ordinal))[3..], CultureInfo.InvariantCulture);
        Assert.InRange(r2, 0.99, 1);
    }

    [Theory]
    [InlineData("--stream: it reads the file more than once", "train", "-", "--stream")]
    [InlineData("--stream: it reads the file more than once", "train", "-", "--stream", "--solver", "lstsq")]
    [InlineData("--stream: a --validation-split would hold rows", "train", "{data}", "--stream", "--validation-split", "0.2")]
    [InlineData("--stream: checkpoints hold in-memory runs only", "train", "{data}", "--stream", "--checkpoint", "{dir}/ck.json")]
    public void What_streaming_cannot_do_is_refused(string message, params string[] args)
    {
        var result = CliRunner.RunWithInput("x,y\n1,2\n", [.. args.Select(a => a.Replace("{data}", _data, StringComparison.Ordinal).Replace("{dir}", _temp.Path, StringComparison.Ordinal))]);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains(message, result.ErrorLine, StringComparison.Ordinal);
    }

    private static float[] Weights(CliResult result)
    {
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.GetProperty("weights").EnumerateArray().Select(e => e.GetSingle()), json.RootElement.GetProperty("bias").GetSingle()];
    }
}
