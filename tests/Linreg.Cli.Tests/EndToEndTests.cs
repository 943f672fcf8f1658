using System.Text.Json;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

public class EndToEndTests
{
    [Fact]
    public void Train_writes_a_model_that_predict_uses()
    {
        using var temp = new TempFolder();
        var model = temp.File("model.json");
        var train = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--model", model);
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("model written to", train.Error, StringComparison.Ordinal);

        var predict = CliRunner.RunWithInput("x\n4\n", "predict", "--model", model);
        Assert.Equal(0, predict.ExitCode);
        Assert.InRange(double.Parse(predict.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture), 7.98, 8.0);

        using var json = JsonDocument.Parse(File.ReadAllText(model));
        Assert.Equal(2, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("x", json.RootElement.GetProperty("features")[0].GetString());
        Assert.Equal(0.01, json.RootElement.GetProperty("training").GetProperty("settings").GetProperty("lr").GetDouble());
    }

    [Fact]
    public void The_step_log_has_every_step()
    {
        using var temp = new TempFolder();
        var log = temp.File("steps.csv");
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--epochs", "50", "--log", log);
        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(log);
        Assert.Equal("epoch,w,b,cost", lines[0]);
        Assert.Equal(51, lines.Length);
        Assert.Equal("0,0.18666668,0.08,18.666666", lines[1]);
    }

    [Fact]
    public void A_run_resumed_from_its_checkpoint_gives_the_same_model_as_one_run()
    {
        using var temp = new TempFolder();
        var seed = RepoPaths.Examples("seed.csv");
        Assert.Equal(0, CliRunner.Run("train", seed, "--model", temp.File("whole.json")).ExitCode);
        Assert.Equal(0, CliRunner.Run("train", seed, "--epochs", "1300", "--checkpoint", temp.File("ck.json"), "--checkpoint-every", "650").ExitCode);
        var resumed = CliRunner.Run("train", seed, "--resume", temp.File("ck.json"), "--model", temp.File("resumed.json"));
        Assert.Equal(0, resumed.ExitCode);
        Assert.StartsWith("Epoch 1300/1999 W: 1.986, b: 0.032 Cost: 0.000149\n", resumed.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(temp.File("whole.json")), File.ReadAllText(temp.File("resumed.json")));
    }

    [Fact]
    public void Resume_refuses_a_checkpoint_of_other_settings()
    {
        using var temp = new TempFolder();
        var seed = RepoPaths.Examples("seed.csv");
        Assert.Equal(0, CliRunner.Run("train", seed, "--epochs", "10", "--checkpoint", temp.File("ck.json"), "--checkpoint-every", "5").ExitCode);
        var result = CliRunner.Run("train", seed, "--resume", temp.File("ck.json"), "--lr", "0.02");
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains("resume with the same --lr", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_refuses_a_checkpoint_of_another_dtype()
    {
        using var temp = new TempFolder();
        var seed = RepoPaths.Examples("seed.csv");
        var checkpoint = temp.File("ck.json");
        Assert.Equal(0, CliRunner.Run("train", seed, "--epochs", "10", "--dtype", "float64", "--checkpoint", checkpoint, "--checkpoint-every", "5").ExitCode);
        var result = CliRunner.Run("train", seed, "--resume", checkpoint, "--model", temp.File("m.json"));
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Equal($"linreg: error: --resume {checkpoint}: it was made with --dtype float64, not float32; resume with the same --dtype\n", result.Error);
        Assert.False(File.Exists(temp.File("m.json")));
        Assert.Equal(0, CliRunner.Run("train", seed, "--resume", checkpoint, "--dtype", "float64", "--epochs", "20").ExitCode);
    }

    [Fact]
    public void A_float64_run_logs_the_lessons_line_and_doubles_in_its_step_log()
    {
        using var temp = new TempFolder();
        var log = temp.File("steps.csv");
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--epochs", "50", "--dtype", "float64", "--log", log);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Epoch    0/49 W: 0.187, b: 0.080 Cost: 18.666667\n", result.Output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(log);
        Assert.Equal("epoch,w,b,cost", lines[0]);
        Assert.Equal("0,0.18666666666666665,0.08,18.666666666666668", lines[1]);
    }

    [Fact]
    public void Several_features_log_the_multivariate_line()
    {
        var result = CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--lr", "1e-5", "--epochs", "21", "--log-every", "10");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^Epoch    0/20 w1: \d\.\d{3} w2: \d\.\d{3} w3: \d\.\d{3} b: \d\.\d{3} Cost: \d+\.\d{6}$", lines[0]);
    }

    [Fact]
    public void Zero_grad_shows_the_fixed_behaviour()
    {
        var result = CliRunner.Run("grad-demo", "--steps", "3", "--zero-grad");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(" : 2.0", StringComparison.Ordinal)));
    }

    [Fact]
    public void Seed_demo_takes_other_seeds_and_counts()
    {
        var result = CliRunner.Run("seed-demo", "--seeds", "3", "--count", "3");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^seed 3: 0\.0043 0\.1056 \d\.\d{4}\n$", result.Output);
    }

    [Theory]
    [InlineData(ExitCode.UsageError, "--lr must be greater than 0", "train", "{seed}", "--lr", "-1")]
    [InlineData(ExitCode.UsageError, "--lr expects a number", "train", "{seed}", "--lr", "abc")]
    [InlineData(ExitCode.DataError, "file not found", "train", "{temp}/missing.csv")]
    [InlineData(ExitCode.DataError, "is a folder", "train", "{temp}")]
    [InlineData(ExitCode.DataError, "unknown column 'z' for --target", "train", "{seed}", "--target", "z")]
    [InlineData(ExitCode.UsageError, "--lr 10 diverges on this data: gradient descent is stable below 0.18 here", "train", "{seed}", "--lr", "10", "--model", "{temp}/model.json")]
    [InlineData(ExitCode.TrainingDiverged, "training diverged", "train", "{seed}", "--lr", "10", "--batch-size", "1", "--quiet", "--model", "{temp}/model.json")]
    [InlineData(ExitCode.OutputError, "does not exist", "train", "{seed}", "--model", "{temp}/no/model.json")]
    [InlineData(ExitCode.OutputError, "refusing to overwrite", "train", "{seed}", "--model", "{seed}")]
    [InlineData(ExitCode.EnvironmentError, "--device cuda", "train", "{seed}", "--device", "cuda")]
    [InlineData(ExitCode.ModelError, "file not found", "predict", "--model", "{temp}/model.json", "{seed}")]
    public void User_mistakes_give_one_line_and_their_exit_code(ExitCode code, string message, params string[] args)
    {
        using var temp = new TempFolder();
        var seed = RepoPaths.Examples("seed.csv");
        var before = File.ReadAllText(seed);
        var result = CliRunner.Run([.. args.Select(a => a.Replace("{seed}", seed, StringComparison.Ordinal).Replace("{temp}", temp.Path, StringComparison.Ordinal))]);
        Assert.Equal((int)code, result.ExitCode);
        Assert.StartsWith("linreg: error: ", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(message, result.ErrorLine, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        Assert.Equal(before, File.ReadAllText(seed));
    }

    [Fact]
    public void Verbose_adds_the_details()
    {
        var result = CliRunner.Run("train", "/nonexistent.csv", "--verbose");
        Assert.Equal((int)ExitCode.DataError, result.ExitCode);
        Assert.Contains("LinregException", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", "[default: 0.01]", "Example: linreg train")]
    [InlineData("predict", "--model", "Example: linreg train")]
    [InlineData("grad-demo", "[default: 21]", "Example: linreg grad-demo")]
    [InlineData("seed-demo", "[default: 2]", "Example: linreg seed-demo")]
    [InlineData("evaluate", "--model", "Example: linreg evaluate")]
    [InlineData("plot", "--width", "Example: linreg train")]
    [InlineData("export", "--format", "Example: linreg export")]
    [InlineData("import", "--features", "Example: linreg import")]
    [InlineData("inspect", "--model", "Example: linreg train")]
    public void Every_command_has_help_with_defaults_and_an_example(string command, string option, string example)
    {
        var result = CliRunner.Run(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(option, result.Output, StringComparison.Ordinal);
        Assert.Contains(example, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_is_the_package_version()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", result.Output);
    }
}
