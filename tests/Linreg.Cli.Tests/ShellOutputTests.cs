using System.Globalization;
using System.Text.Json;
using Linreg.Cli.Output;
using Linreg.Core;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>What scripts rely on: JSON on stdout, quiet stderr, completions, and progress only where a person watches.</summary>
public class ShellOutputTests
{
    [Fact]
    public void Train_json_is_one_document_on_stdout_with_the_lesson_log_on_stderr()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--json", "-o", temp.File("m.json"));
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(1.9973674f, root.GetProperty("weights")[0].GetSingle());
        Assert.Equal(0.005984552f, root.GetProperty("bias").GetSingle());
        Assert.Equal(2000, root.GetProperty("steps").GetInt32());
        Assert.Equal(0.01, root.GetProperty("settings").GetProperty("lr").GetDouble());
        Assert.Equal(3, root.GetProperty("metrics").GetProperty("train").GetProperty("rows").GetInt32());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.EndsWith("m.json", root.GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Epoch    0/1999 W: 0.187, b: 0.080 Cost: 18.666666\n", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", "{seed}", "--json", "--validation-split", "0.34", "--standardize", "-o", "{temp}/m.json")]
    [InlineData("train", "{seed}", "--json", "--solver", "lstsq")]
    [InlineData("evaluate", "--model", "{temp}/m.json", "{seed}", "--json")]
    public void Every_json_document_names_its_fields_in_camel_case(params string[] args)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "-o", temp.File("m.json"), "-q").ExitCode);
        var result = CliRunner.Run([.. args.Select(a => a.Replace("{seed}", RepoPaths.Examples("seed.csv"), StringComparison.Ordinal).Replace("{temp}", temp.Path, StringComparison.Ordinal))]);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var names = PropertyNames(json.RootElement).ToArray();
        Assert.True(names.Length > 3, result.Output);
        Assert.All(names, name => Assert.Matches("^[a-z][a-zA-Z0-9]*$", name));
    }

    [Fact]
    public void Train_json_says_where_each_steps_cost_came_from()
    {
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--json", "-q");
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("rows", json.RootElement.GetProperty("costFrom").GetString());
        Assert.Equal("auto", json.RootElement.GetProperty("settings").GetProperty("costFrom").GetString());
        var moments = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--json", "-q", "--cost-from", "moments");
        using var momentsJson = JsonDocument.Parse(moments.Output);
        Assert.Equal("moments", momentsJson.RootElement.GetProperty("costFrom").GetString());
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    [Fact]
    public void Quiet_leaves_stderr_empty_and_stdout_as_it_was()
    {
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--quiet");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Approvals.Verify("train-seed", result.Output);
        var json = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--json", "-q");
        Assert.Empty(json.Error);
        using var _ = JsonDocument.Parse(json.Output);
    }

    [Fact]
    public void Quiet_does_not_hide_errors()
    {
        var result = CliRunner.Run("train", "/nonexistent.csv", "-q");
        Assert.Equal((int)ExitCode.DataError, result.ExitCode);
        Assert.StartsWith("linreg: error: /nonexistent.csv: file not found", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "{0}\n{1}\n")]
    [InlineData("csv", "y\n{0}\n{1}\n")]
    [InlineData("json", "[\n  {0},\n  {1}\n]\n")]
    public void Predict_formats(string format, string layout)
    {
        using var temp = new TempFolder();
        var model = temp.File("m.json");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "-o", model).ExitCode);

        // The line the model file holds, evaluated in double: predictions carry every digit of it.
        using var saved = JsonDocument.Parse(File.ReadAllText(model));
        var w = saved.RootElement.GetProperty("weights")[0].GetDouble();
        var b = saved.RootElement.GetProperty("bias").GetDouble();
        var expected = string.Format(CultureInfo.InvariantCulture, layout, ((4 * w) + b).ToString("R", CultureInfo.InvariantCulture), ((5 * w) + b).ToString("R", CultureInfo.InvariantCulture));
        var result = CliRunner.RunWithInput("x\n4\n5\n", "predict", "--model", model, "--format", format);
        Assert.Equal(expected, result.Output);
        if (format == "json")
        {
            Assert.Equal(expected, CliRunner.RunWithInput("x\n4\n5\n", "predict", "--model", model, "--json").Output);
            using var parsed = JsonDocument.Parse(result.Output);
            Assert.Equal(2, parsed.RootElement.GetArrayLength());
        }
    }

    [Fact]
    public void Evaluate_json_parses()
    {
        using var temp = new TempFolder();
        var model = temp.File("m.json");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "-o", model).ExitCode);
        var result = CliRunner.Run("evaluate", "--model", model, RepoPaths.Examples("seed.csv"), "--json");
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(3, json.RootElement.GetProperty("metrics").GetProperty("rows").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("metrics").GetProperty("r2").GetDouble(), 0.9999, 1);
    }

    [Fact]
    public void Train_plot_draws_a_png_of_the_requested_size()
    {
        using var temp = new TempFolder();
        var plot = temp.File("loss.png");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--plot", plot).ExitCode);
        Assert.Equal((800, 500), PngFile.Size(plot));
    }

    [Theory]
    [InlineData("trai", "train")]
    [InlineData("train x --stan", "--standardize")]
    [InlineData("train x --device c", "cuda")]
    [InlineData("train x --optimizer ", "adam")]
    [InlineData("predict -m m.json --format ", "json")]
    public void Completions_come_from_the_suggest_directive(string commandLine, string expected)
    {
        var result = CliRunner.Run($"[suggest:{commandLine.Length}]", commandLine);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Output.Split('\n'));
    }

    [Fact]
    public void No_progress_is_drawn_when_stderr_is_not_a_terminal()
    {
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--epochs", "20000", "--log-every", "0");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain('\r', result.Error);
        Assert.DoesNotContain('\u001b', result.Error);
    }

    [Fact]
    public void The_progress_bar_redraws_in_place_on_a_terminal_and_respects_no_color()
    {
        var clock = TimeSpan.Zero;
        var terminal = new StringWriter();
        var bar = new ProgressObserver(terminal, isTerminal: true, color: true, epochs: 100, () => clock);
        Step(bar, 0, ref clock, TimeSpan.FromMilliseconds(500));
        Assert.Empty(terminal.ToString());
        Step(bar, 49, ref clock, TimeSpan.FromSeconds(1.5));
        var drawn = terminal.ToString();
        Assert.StartsWith("\r[############------------]  50.0% epoch 50/100 cost \u001b[36m0.250000\u001b[0m ", drawn, StringComparison.Ordinal);
        Assert.Contains("ETA 0:01", drawn, StringComparison.Ordinal);
        bar.Finish();
        Assert.EndsWith("\r\u001b[K", terminal.ToString(), StringComparison.Ordinal);

        var plain = new StringWriter();
        var noColor = new ProgressObserver(plain, isTerminal: true, color: false, epochs: 100, () => clock);
        Step(noColor, 49, ref clock, TimeSpan.FromSeconds(3));
        Assert.DoesNotContain('\u001b', plain.ToString());
    }

    [Fact]
    public void Without_a_terminal_progress_is_a_plain_line_every_few_seconds()
    {
        var clock = TimeSpan.Zero;
        var log = new StringWriter { NewLine = "\n" };
        var lines = new ProgressObserver(log, isTerminal: false, color: true, epochs: 1000, () => clock);
        for (var epoch = 0; epoch < 1000; epoch++)
        {
            Step(lines, epoch, ref clock, clock + TimeSpan.FromMilliseconds(20));
        }

        var written = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, written.Length); // at 5, 10, 15 and 20 s of a 20 s run
        Assert.All(written, line => Assert.Matches(@"^linreg: epoch \d+/1000 \(\d+%\), cost 0\.250000, \d+ steps/s, ETA \d+:\d\d$", line));
        Assert.DoesNotContain('\r', log.ToString());
    }

    private static void Step(ProgressObserver observer, int epoch, ref TimeSpan clock, TimeSpan now)
    {
        clock = now;
        observer.OnStep(new StepReport(epoch, 100, 0.25f, Array.Empty<double>(), 0));
    }

    [Fact]
    public void Mps_without_apple_silicon_is_explained()
    {
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--device", "mps");
        Assert.Equal((int)ExitCode.EnvironmentError, result.ExitCode);
        Assert.Contains("--device mps: Apple's Metal (MPS) backend is not available", result.ErrorLine, StringComparison.Ordinal);
    }
}
