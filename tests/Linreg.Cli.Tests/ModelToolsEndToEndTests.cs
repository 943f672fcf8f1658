using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>plot, export, import and inspect through the real command tree.</summary>
public sealed class ModelToolsEndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", name);

    private string TrainedModel(string data = "seed.csv", params string[] extra)
    {
        var model = _temp.File(Path.GetFileNameWithoutExtension(data) + ".json");
        var train = CliRunner.Run(["train", RepoPaths.Examples(data), "--model", model, "--log-every", "0", .. extra]);
        Assert.Equal(0, train.ExitCode);
        return model;
    }

    [Fact]
    public void Plot_writes_pngs_of_the_asked_size_for_one_feature_and_several()
    {
        var line = _temp.File("fit.png");
        var result = CliRunner.Run("plot", "--model", TrainedModel(), RepoPaths.Examples("seed.csv"), "-o", line);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("plotted 3 row(s)", result.Error, StringComparison.Ordinal);
        Assert.Equal((800, 500), PngFile.Size(line));

        var diagonal = _temp.File("scores.png");
        var scores = TrainedModel("scores.csv", "--lr", "1e-5", "--epochs", "50");
        var csv = File.ReadAllText(RepoPaths.Examples("scores.csv"));
        result = CliRunner.RunWithInput(csv, "plot", "-m", scores, "-", "--output", diagonal, "--width", "1024", "--height", "768");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal((1024, 768), PngFile.Size(diagonal));
    }

    [Theory]
    [InlineData("fit", "predicted against actual")]
    [InlineData("residuals", "Residuals vs Fitted")]
    [InlineData("qq", "Normal Q-Q")]
    [InlineData("scale-location", "Scale-Location")]
    [InlineData("Leverage", "Residuals vs Leverage")]
    public void Plot_kind_draws_each_diagnostic_of_an_exact_fit_at_the_asked_size(string kind, string caption)
    {
        var model = TrainedModel("study.csv", "--solver", "lstsq");
        var png = _temp.File(kind + ".png");
        var result = CliRunner.Run("plot", "--model", model, RepoPaths.Examples("study.csv"), "-o", png, "--kind", kind, "--width", "900", "--height", "600");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains($"plotted 60 row(s) of {RepoPaths.Examples("study.csv")} against {model} ({caption})", result.Error, StringComparison.Ordinal);
        Assert.Equal((900, 600), PngFile.Size(png));
    }

    [Fact]
    public void Export_then_import_round_trips_and_inspect_shows_the_weights()
    {
        var model = TrainedModel("scores.csv", "--lr", "1e-5", "--epochs", "50");
        var before = CliRunner.Run("inspect", "--model", model);
        Assert.Equal(0, before.ExitCode);
        foreach (var (file, format) in new[] { ("m.pt", "pt"), ("m.safetensors", "safetensors") })
        {
            var exported = _temp.File(file);
            Assert.Equal(0, CliRunner.Run("export", "--model", model, "--format", format, "-o", exported).ExitCode);
            var imported = _temp.File(file + ".json");
            var import = CliRunner.Run("import", exported, "-o", imported, "--features", "x1,x2,x3", "--target", "y");
            Assert.Equal(0, import.ExitCode);
            Assert.Contains("model written to", import.Error, StringComparison.Ordinal);
            var after = CliRunner.Run("inspect", "-m", imported);
            Assert.Equal(0, after.ExitCode);
            // The weights, bias and equation lines are identical: the numbers survived exactly.
            Assert.Equal(WeightLines(before.Output), WeightLines(after.Output));
            Assert.Contains("training:    none recorded", after.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Inspect_shows_only_what_lstsq_used()
    {
        var inspect = CliRunner.Run("inspect", "--model", TrainedModel("seed.csv", "--solver", "lstsq", "--lr", "0.5"));
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("\nmethod:      lstsq: least squares solved exactly in float64, nonrobust standard errors\n", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("\nCoefficients:\n", inspect.Output, StringComparison.Ordinal);
        Assert.Matches(@"\ntraining:    .*seed\.csv: 3 rows \(0 dropped\), final cost [^,]+\n", inspect.Output);
        Assert.DoesNotContain("settings:", inspect.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("sgd", inspect.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("init ", inspect.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("lr ", inspect.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("epochs", inspect.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_shows_what_gradient_descent_used()
    {
        var plain = CliRunner.Run("inspect", "--model", TrainedModel());
        Assert.Contains("\nsettings:    lr 0.01, epochs 2000, seed 1, log every 0, device cpu\nmethod:      gd, sgd, init zeros, full batch, cost from rows\n", plain.Output, StringComparison.Ordinal);

        var tuned = CliRunner.Run("inspect", "--model", TrainedModel("scores.csv", "--lr", "1e-5", "--epochs", "4", "--momentum", "0.5", "--batch-size", "2", "--shuffle", "--standardize", "--init", "linear"));
        Assert.Contains("\nsettings:    lr 1E-05, epochs 4, seed 1, log every 0, device cpu\nmethod:      gd, sgd (momentum 0.5), init linear, batches of 2, shuffled, cost from rows, standardized\n", tuned.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m.pth", null, "PK")]
    [InlineData("M.PT", null, "PK")]
    [InlineData("m.SafeTensors", null, "safetensors")]
    [InlineData("m.bin", "pt", "PK")]
    [InlineData("m.onnx", "safetensors", "safetensors")]
    public void Export_writes_the_format_the_extension_or_an_explicit_format_names(string file, string? format, string expected)
    {
        var model = TrainedModel();
        var exported = _temp.File(file);
        var result = CliRunner.Run(["export", "--model", model, "-o", exported, .. format is null ? Array.Empty<string>() : ["--format", format]]);
        Assert.Equal(0, result.ExitCode);
        var head = File.ReadAllBytes(exported);
        Assert.Equal(expected == "PK", head[0] == 'P' && head[1] == 'K');

        // import tells the formats apart by content, so a file whose name says nothing still reads back.
        var imported = _temp.File(file + ".json");
        Assert.Equal(0, CliRunner.Run("import", exported, "-o", imported).ExitCode);
        Assert.Contains(expected == "PK" ? "PyTorch (torch.save)" : "safetensors", CliRunner.Run("inspect", "--model", exported).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pytorch_file_imports_and_predicts()
    {
        var model = _temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("import", Fixture("linear2.pt"), "-o", model, "--features", "a,b").ExitCode);
        var predict = CliRunner.RunWithInput("b,a\n2,1\n-2,4\n", "predict", "--model", model);
        Assert.Equal("0.75\n13.25\n", predict.Output);
        var inspect = CliRunner.Run("inspect", "--model", Fixture("linear2.safetensors"));
        Assert.Contains("  x1  2.5\n  x2  -1.25\n", inspect.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExitCode.ModelError, "has no column 'y', the target of the model", "plot", "--model", "{model}", "{temp}/x-only.csv", "-o", "{temp}/fit.png")]
    [InlineData(ExitCode.ModelError, "file not found", "plot", "--model", "{temp}/none.json", "{seed}", "-o", "{temp}/fit.png")]
    [InlineData(ExitCode.UsageError, "--width must be between 200 and 8000", "plot", "--model", "{model}", "{seed}", "-o", "{temp}/fit.png", "--width", "10")]
    [InlineData(ExitCode.UsageError, "--height must be between 200 and 8000", "plot", "--model", "{model}", "{seed}", "-o", "{temp}/fit.png", "--height", "9000")]
    [InlineData(ExitCode.OutputError, "refusing to overwrite", "plot", "--model", "{model}", "{seed}", "-o", "{seed}")]
    [InlineData(ExitCode.UsageError, "linreg: error: --kind scale-location needs the standard errors of an exact fit: {model} was trained by gradient descent; train it with --solver lstsq", "plot", "--model", "{model}", "{seed}", "-o", "{temp}/fit.png", "--kind", "scale-location")]
    [InlineData(ExitCode.UsageError, "--kind must be one of fit, residuals, qq, scale-location, leverage (got 'cooks')", "plot", "--model", "{model}", "{seed}", "-o", "{temp}/fit.png", "--kind", "cooks")]
    [InlineData(ExitCode.ModelError, "file not found", "export", "--model", "{temp}/none.json", "-o", "{temp}/m.pt")]
    [InlineData(ExitCode.OutputError, "refusing to overwrite", "export", "--model", "{model}", "-o", "{model}")]
    [InlineData(ExitCode.OutputError, "does not exist", "export", "--model", "{model}", "-o", "{temp}/no/m.pt")]
    [InlineData(ExitCode.UsageError, "--format", "export", "--model", "{model}", "-o", "{temp}/m.pt", "--format", "tflite")]
    [InlineData(ExitCode.UsageError, "/m.tflite: export writes .pt or .pth (PyTorch), .safetensors or .onnx; give one of these extensions or --format pt|safetensors|onnx", "export", "--model", "{model}", "-o", "{temp}/m.tflite")]
    [InlineData(ExitCode.UsageError, "/m: export writes .pt or .pth (PyTorch), .safetensors or .onnx", "export", "--model", "{model}", "-o", "{temp}/m", "--format", "auto")]
    [InlineData(ExitCode.OutputError, "does not exist", "export", "--model", "{model}", "-o", "{temp}/no/m.onnx")]
    [InlineData(ExitCode.ModelError, "file not found", "export", "--model", "{temp}/none.json", "-o", "{temp}/m.onnx")]
    [InlineData(ExitCode.ModelError, "is neither a PyTorch state_dict file", "import", "{seed}", "-o", "{temp}/m.json")]
    [InlineData(ExitCode.ModelError, "has bias [3], weight [3, 2]", "import", "{fixtures}/linear2x3.pt", "-o", "{temp}/m.json")]
    [InlineData(ExitCode.ModelError, "file not found", "import", "{temp}/none.pt", "-o", "{temp}/m.json")]
    [InlineData(ExitCode.UsageError, "--features names 3 feature(s)", "import", "{fixtures}/linear2.pt", "-o", "{temp}/m.json", "--features", "a,b,c")]
    [InlineData(ExitCode.ModelError, "not a linreg model file", "inspect", "--model", "{seed}")]
    public void Mistakes_give_one_line_and_their_exit_code(ExitCode code, string message, params string[] args)
    {
        var model = TrainedModel();
        var seed = RepoPaths.Examples("seed.csv");
        _temp.Write("x-only.csv", "x\n1\n2\n");
        var before = Directory.GetFileSystemEntries(_temp.Path).Order().ToArray();
        var modelText = File.ReadAllText(model);
        var result = CliRunner.Run([.. args.Select(a => a
            .Replace("{seed}", seed, StringComparison.Ordinal)
            .Replace("{model}", model, StringComparison.Ordinal)
            .Replace("{fixtures}", Path.GetDirectoryName(Fixture("x"))!, StringComparison.Ordinal)
            .Replace("{temp}", _temp.Path, StringComparison.Ordinal))]);
        Assert.Equal((int)code, result.ExitCode);
        Assert.StartsWith("linreg: error: ", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(message.Replace("{model}", model, StringComparison.Ordinal), result.ErrorLine, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(_temp.Path).Order().ToArray());
        Assert.Equal(modelText, File.ReadAllText(model));
    }

    [Fact]
    public void Random_command_lines_of_the_new_commands_end_with_a_documented_exit_code()
    {
        var model = TrainedModel();
        string[] words =
        [
            "plot", "export", "import", "inspect", "plot", "export", "import", "inspect",
            RepoPaths.Examples("seed.csv"), model, Fixture("linear2.pt"), Fixture("linear2.safetensors"), Fixture("linear2x3.pt"), "-", _temp.Path,
            _temp.File("out.png"), _temp.File("out.pt"), _temp.File("out.safetensors"), _temp.File("out.onnx"), _temp.File("out.json"), _temp.File("no/such/dir/o.png"),
            "--model", "-m", "-o", "--output", "--width", "--height", "--format", "--features", "--target", "--missing", "--header", "--no-header", "--kind", "qq", "residuals", "scale-location", "--dtype", "float64",
            "pt", "safetensors", "onnx", "a,b", "a", "y", "x", "200", "10", "99999", "abc", "drop", "",
        ];
        string[] inputs = ["", "x,y\n1,2\n2,4\n", "x\n4\n", "\0\u0001garbage"];
        ArgumentFuzzTests.CheckRandomCommandLines(words, inputs, maxArgs: 7, iterations: 300);
    }

    private static string[] WeightLines(string inspect) =>
        [.. inspect.Split('\n').Where(l => l.StartsWith("model:", StringComparison.Ordinal) || l.StartsWith("bias:", StringComparison.Ordinal) || l.StartsWith("  ", StringComparison.Ordinal))];
}
