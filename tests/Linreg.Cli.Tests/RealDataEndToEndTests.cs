using System.Globalization;
using System.Text.Json;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

public class RealDataEndToEndTests
{
    private static double Metric(string evaluateOutput, string name) =>
        double.Parse(evaluateOutput.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);

    [Fact]
    public void Evaluate_prints_the_metrics_train_recorded()
    {
        using var temp = new TempFolder();
        var model = temp.File("m.json");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--lr", "1e-5", "--epochs", "500", "--log-every", "0", "-o", model).ExitCode);
        var evaluate = CliRunner.Run("evaluate", "--model", model, RepoPaths.Examples("scores.csv"));
        Assert.Equal(0, evaluate.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(model));
        var recorded = json.RootElement.GetProperty("metrics").GetProperty("train");
        Assert.Equal(recorded.GetProperty("mse").GetDouble(), Metric(evaluate.Output, "mse"), 9);
        Assert.Equal(recorded.GetProperty("r2").GetDouble(), Metric(evaluate.Output, "r2"), 9);
        Assert.Equal(5, Metric(evaluate.Output, "rows"));
    }

    [Fact]
    public void A_standardized_model_stores_its_scaling_and_predicts_in_original_units()
    {
        using var temp = new TempFolder();
        var model = temp.File("m.json");
        var train = CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--standardize", "--lr", "0.1", "--epochs", "2000", "--log-every", "0", "-o", model);
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("original units; trained on standardized features", train.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(model));
        var scaling = json.RootElement.GetProperty("standardization");
        Assert.Equal(3, scaling.GetProperty("mean").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("training").GetProperty("settings").GetProperty("standardize").GetBoolean());

        var lstsq = temp.File("ols.json");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--solver", "lstsq", "-o", lstsq).ExitCode);
        var row = "x1,x2,x3\n73,80,75\n";
        var scaled = float.Parse(CliRunner.RunWithInput(row, "predict", "--model", model).Output, CultureInfo.InvariantCulture);
        var exact = float.Parse(CliRunner.RunWithInput(row, "predict", "--model", lstsq).Output, CultureInfo.InvariantCulture);
        Assert.Equal(exact, scaled, 0.01f);
    }

    [Fact]
    public void Lstsq_prints_the_coefficient_table_and_says_when_a_fit_is_perfect()
    {
        // y = 2x exactly: the estimates are exact, and nothing is left for t or p to measure.
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--solver", "lstsq");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Coefficients:\n", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\nx +2\.000 +0 +NA +NA\n", result.Output);
        Assert.Contains("linreg: warning: essentially perfect fit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradient_descent_reports_its_distance_from_the_optimum()
    {
        var result = CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--lr", "1e-5", "--epochs", "100", "--log-every", "0");
        Assert.Matches(@"least-squares optimum MSE 0\.1043\d+; this model is [\d.]+ from it \([\d.]+% above\)", result.Error);
    }

    [Fact]
    public void Mini_batches_log_the_dataloader_chapters_line()
    {
        var result = CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--lr", "1e-5", "--epochs", "2", "--batch-size", "2", "--shuffle", "--log-every", "1");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Matches(@"^Epoch    0/1 Batch 1/3 Cost: \d+\.\d{6}$", lines[0]);
        Assert.StartsWith("Epoch    1/1 Batch 3/3 Cost: ", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_metrics_are_reported_and_recorded()
    {
        using var temp = new TempFolder();
        var model = temp.File("m.json");
        var result = CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--lr", "1e-5", "--epochs", "100", "--log-every", "0", "--validation-split", "0.4", "-o", model);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("linreg: validation MSE", result.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(model));
        Assert.Equal(2, json.RootElement.GetProperty("metrics").GetProperty("validation").GetProperty("rows").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("training").GetProperty("rows").GetInt32());

        var again = CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--lr", "1e-5", "--epochs", "100", "--log-every", "0", "--validation-split", "0.4");
        Assert.Equal(result.Error.Split('\n')[2..4], again.Error.Split('\n')[2..4]);
    }

    [Fact]
    public void Init_linear_starts_from_nn_linear_with_the_seed()
    {
        // PyTorch: torch.manual_seed(1); nn.Linear(1, 1) → weight 0.5153, bias -0.4414; cost on the seed data 13.103541.
        var result = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--init", "linear", "--epochs", "1");
        Assert.Equal("Epoch    0/0 W: 0.671, b: -0.373 Cost: 13.103541\n", result.Output);
    }
}
