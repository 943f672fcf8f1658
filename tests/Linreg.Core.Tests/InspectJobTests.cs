using Linreg.Core.Jobs;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class InspectJobTests
{
    private static string Inspect(string path)
    {
        var output = new StringWriter { NewLine = "\n" };
        InspectJob.Run(new InspectJobSettings { ModelPath = path }, new JobIO(output, TextWriter.Null, () => Stream.Null));
        return output.ToString();
    }

    [Fact]
    public void A_trained_model_shows_everything_it_records()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.json");
        var model = new LinearModel(["hours", "score"], "grade", [1.9973674, -0.1], 0.005984552);
        var training = new TrainingRecord("data.csv", 3, 1, 2000, 5.1625793e-06f, new TrainSettings { LearningRate = 0.02, Seed = 7 });
        ModelFile.Save(new ModelDocument(model, training, new RegressionMetrics(0.25, 0.5, 0.4, 0.99, 3), "linreg 9.9.9"), path, []);
        var text = Inspect(path);
        Assert.Contains("format:      linreg-model, schema version 2\n", text, StringComparison.Ordinal);
        Assert.Contains("created by:  linreg 9.9.9\n", text, StringComparison.Ordinal);
        Assert.Contains("model:       grade = 1.9973674*hours + -0.1*score + 0.005984552\n", text, StringComparison.Ordinal);
        Assert.Contains("  hours  1.9973674\n  score  -0.1\n", text, StringComparison.Ordinal);
        Assert.Contains("bias:        0.005984552\n", text, StringComparison.Ordinal);
        Assert.Contains("training:    data.csv: 3 rows (1 dropped), 2000 steps, final cost 5.1625793E-06\n", text, StringComparison.Ordinal);
        Assert.Contains("settings:    lr 0.02, epochs 2000, seed 7, log every 100, device cpu\n", text, StringComparison.Ordinal);
        Assert.Contains("MSE 0.25, RMSE 0.5, MAE 0.4, R² 0.99", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_least_squares_model_shows_only_what_least_squares_used()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.json");
        var settings = new TrainSettings { Solver = SolverKind.Lstsq, Standardize = true, LearningRate = 0.5, Init = InitMode.Linear, Epochs = 7 };
        var training = new TrainingRecord("data.csv", 3, 0, 0, 0.25f, settings) { Steps = 0 };
        ModelFile.Save(new ModelDocument(new LinearModel(["x"], "y", [2], 1), training, null, "linreg 9.9.9"), path, []);
        var text = Inspect(path);
        Assert.Contains("training:    data.csv: 3 rows (0 dropped), final cost 0.25\n", text, StringComparison.Ordinal);
        Assert.Contains("method:      lstsq: least squares solved exactly in float64, standardized, nonrobust standard errors\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("settings:", text, StringComparison.Ordinal);
        foreach (var unused in new[] { "lr ", "epochs", "steps", "sgd", "init", "batch", "cost from" })
        {
            Assert.DoesNotContain(unused, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(60_000, null, "gd, sgd (momentum 0.9), init linear, full batch, cost from moments, standardized, stop below 1E-06 for 5 epochs")]
    [InlineData(60_000, 60_000, "gd, sgd (momentum 0.9), init linear, full batch, cost from moments, standardized, stop below 1E-06 for 5 epochs")]
    [InlineData(60_000, 32, "gd, sgd (momentum 0.9), init linear, batches of 32, shuffled, cost from rows, standardized, stop below 1E-06 for 5 epochs")]
    [InlineData(100, null, "gd, sgd (momentum 0.9), init linear, full batch, cost from rows, standardized, stop below 1E-06 for 5 epochs")]
    public void A_gradient_descent_model_shows_the_optimiser_batches_and_cost_it_used(int rows, int? batchSize, string method)
    {
        using var temp = new TempFolder();
        var path = temp.File("model.json");
        var settings = new TrainSettings { Momentum = 0.9, Init = InitMode.Linear, BatchSize = batchSize, Shuffle = true, Standardize = true, Tolerance = 1e-6, Patience = 5 };
        var training = new TrainingRecord("data.csv", rows, 0, 10, 0.25f, settings);
        ModelFile.Save(new ModelDocument(new LinearModel(["a", "b"], "y", [2, 3], 1), training, null, "linreg 9.9.9"), path, []);
        Assert.Contains($"method:      {method}\n", Inspect(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Adam_shows_no_momentum()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.json");
        var training = new TrainingRecord("data.csv", 3, 0, 10, 0.25f, new TrainSettings { Optimizer = OptimizerKind.Adam, CostFrom = CostSource.Moments });
        ModelFile.Save(new ModelDocument(new LinearModel(["x"], "y", [2], 1), training, null, "linreg 9.9.9"), path, []);
        Assert.Contains("method:      gd, adam, init zeros, full batch, cost from moments\n", Inspect(path), StringComparison.Ordinal);
    }

    [Fact]
    public void An_imported_model_says_it_has_no_training_and_a_pytorch_file_shows_its_tensors()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.json");
        ModelFile.Save(new ModelDocument(new LinearModel(["x"], "y", [2], 1), null, null, "linreg 0.1.0"), path, []);
        Assert.Contains("training:    none recorded", Inspect(path), StringComparison.Ordinal);

        var pt = Inspect(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sequential-float64.pt"));
        Assert.Contains("format:      PyTorch (torch.save) state_dict of nn.Linear(2, 1), float64\n", pt, StringComparison.Ordinal);
        Assert.Contains("tensors:     0.weight [1, 2], 0.bias [1]\n", pt, StringComparison.Ordinal);
        Assert.Contains("  x1  2.5\n  x2  -1.25\n", pt, StringComparison.Ordinal);
        Assert.Contains("bias:        0.75\n", pt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_foreign_file_is_a_model_error()
    {
        using var temp = new TempFolder();
        Assert.Equal(ExitCode.ModelError, Assert.Throws<LinregException>(() => Inspect(temp.File("none.json"))).Code);
        Assert.Equal(ExitCode.ModelError, Assert.Throws<LinregException>(() => Inspect(temp.Write("data.csv", "x,y\n1,2\n"))).Code);
    }
}
