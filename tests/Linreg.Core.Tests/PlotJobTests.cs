using System.Text;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Core.Plots;
using Linreg.Core.Statistics;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class PlotJobTests
{
    private static string SaveModel(TempFolder temp, string[] features, double[] weights, string target = "y")
    {
        var path = temp.File("model.json");
        ModelFile.Save(new ModelDocument(new LinearModel(features, target, weights, 0.5), null, null, "test"), path, []);
        return path;
    }

    /// <summary>The model <c>train --solver lstsq</c> writes for <paramref name="csv"/>.</summary>
    private static string SaveExactModel(TempFolder temp, string csv)
    {
        var data = temp.Write("train.csv", csv);
        var model = temp.File("exact.json");
        var settings = new TrainJobSettings { Data = [data], ModelPath = model, Training = new TrainSettings { Solver = SolverKind.Lstsq } };
        TrainJob.Run(settings, new JobIO(TextWriter.Null, TextWriter.Null, () => Stream.Null), "test", CancellationToken.None);
        return model;
    }

    private static int Plot(string model, string data, string output, string? standardInput = null, int width = 800, int height = 500, MissingValuePolicy missing = MissingValuePolicy.Error, PlotKind kind = PlotKind.Fit, TextWriter? diagnostics = null)
    {
        var io = new JobIO(TextWriter.Null, diagnostics ?? TextWriter.Null, () => new MemoryStream(Encoding.UTF8.GetBytes(standardInput ?? string.Empty)));
        return PlotJob.Run(new PlotJobSettings { ModelPath = model, Data = data, OutputPath = output, Width = width, Height = height, Missing = missing, Kind = kind }, io, CancellationToken.None);
    }

    [Fact]
    public void One_feature_and_several_features_give_pngs_of_the_asked_size()
    {
        using var temp = new TempFolder();
        var one = SaveModel(temp, ["x"], [2]);
        Assert.Equal(3, Plot(one, RepoPaths.Examples("seed.csv"), temp.File("line.png"), width: 640, height: 400));
        Assert.Equal((640, 400), PngFile.Size(temp.File("line.png")));

        var several = SaveModel(temp, ["b", "a"], [1, 2]);
        Assert.Equal(2, Plot(several, "-", temp.File("diagonal.png"), "id,a,y,b\n1,1,4,2\n2,3,7,1\n"));
        Assert.Equal((800, 500), PngFile.Size(temp.File("diagonal.png")));
    }

    [Fact]
    public void Header_less_data_has_the_features_first_and_the_target_last()
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["x1", "x2"], [1, 1]);
        Assert.Equal(2, Plot(model, "-", temp.File("fit.png"), "1,2,3.4\n2,2,4.6\n"));
        var error = Assert.Throws<LinregException>(() => Plot(model, "-", temp.File("fit.png"), "1,2\n2,2\n"));
        Assert.Equal(ExitCode.ModelError, error.Code);
        Assert.Contains("no target column 'y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_without_the_target_names_the_file_and_its_columns()
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["x"], [2], target: "price");
        var data = temp.Write("data.csv", "x,y\n1,2\n");
        var error = Assert.Throws<LinregException>(() => Plot(model, data, temp.File("fit.png")));
        Assert.Equal(ExitCode.ModelError, error.Code);
        Assert.Equal($"{data}: has no column 'price', the target of the model {model}, to compare its predictions with; its columns are x, y", error.Message);
        Assert.False(File.Exists(temp.File("fit.png")));
    }

    [Fact]
    public void A_header_without_rows_is_a_data_error_and_dropped_rows_are_skipped()
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["x"], [2]);
        var empty = Assert.Throws<LinregException>(() => Plot(model, "-", temp.File("fit.png"), "x,y\n"));
        Assert.Equal(ExitCode.DataError, empty.Code);
        Assert.Equal(1, Plot(model, "-", temp.File("fit.png"), "x,y\n1,\n2,4\n", missing: MissingValuePolicy.Drop));
    }

    [Fact]
    public void The_plot_never_replaces_the_data_or_the_model()
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["x"], [2]);
        var data = temp.Write("data.csv", "x,y\n1,2\n");
        Assert.Equal(ExitCode.OutputError, Assert.Throws<LinregException>(() => Plot(model, data, data)).Code);
        Assert.Equal(ExitCode.OutputError, Assert.Throws<LinregException>(() => Plot(model, data, model)).Code);
        Assert.Equal("x,y\n1,2\n", File.ReadAllText(data));
        Assert.Equal(2f, ModelFile.Load(model).Model.Weights[0]);
    }

    [Theory]
    [InlineData(PlotKind.Residuals, "Residuals vs Fitted")]
    [InlineData(PlotKind.Qq, "Normal Q-Q")]
    [InlineData(PlotKind.ScaleLocation, "Scale-Location")]
    [InlineData(PlotKind.Leverage, "Residuals vs Leverage")]
    public void Every_diagnostic_of_an_exact_fit_is_a_png_of_the_asked_size(PlotKind kind, string caption)
    {
        using var temp = new TempFolder();
        var model = SaveExactModel(temp, File.ReadAllText(RepoPaths.Examples("study.csv")));
        var png = temp.File("diagnostic.png");
        var stderr = new StringWriter();
        Assert.Equal(60, Plot(model, RepoPaths.Examples("study.csv"), png, width: 640, height: 480, kind: kind, diagnostics: stderr));
        Assert.Equal((640, 480), PngFile.Size(png));
        Assert.Equal($"linreg: plotted 60 row(s) of {RepoPaths.Examples("study.csv")} against {model} ({caption}) to {png} (640x480)\n", stderr.ToString());
    }

    [Theory]
    [InlineData(PlotKind.Qq, "qq")]
    [InlineData(PlotKind.ScaleLocation, "scale-location")]
    [InlineData(PlotKind.Leverage, "leverage")]
    public void The_standardized_diagnostics_of_a_gradient_descent_model_are_refused_before_reading(PlotKind kind, string word)
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["x"], [2]);
        var png = temp.File("diagnostic.png");
        var error = Assert.Throws<LinregException>(() => Plot(model, temp.File("missing.csv"), png, kind: kind));
        Assert.Equal(ExitCode.UsageError, error.Code);
        Assert.Equal($"--kind {word} needs the standard errors of an exact fit: {model} was trained by gradient descent; train it with --solver lstsq", error.Message);
        Assert.False(File.Exists(png));

        // Residuals need no more than predictions.
        Assert.Equal(3, Plot(model, RepoPaths.Examples("seed.csv"), png, kind: PlotKind.Residuals));
        Assert.Equal((800, 500), PngFile.Size(png));
    }

    [Fact]
    public void Rows_of_leverage_one_and_rows_the_model_was_not_fitted_to_are_warned_about()
    {
        using var temp = new TempFolder();
        // The last row alone has d = 1: the fit passes through it, its leverage is 1 and its standardized residual 0/0.
        var model = SaveExactModel(temp, "x,d,y\n1,0,1.1\n2,0,1.9\n3,0,3.2\n4,0,3.9\n5,1,9\n");
        var stderr = new StringWriter();
        Assert.Equal(5, Plot(model, temp.File("train.csv"), temp.File("leverage.png"), kind: PlotKind.Leverage, diagnostics: stderr));
        Assert.Contains("linreg: warning: 1 row(s) of leverage 1 (or more) have no standardized residual and are left out of the plot\n", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("was fitted to", stderr.ToString(), StringComparison.Ordinal);

        stderr = new StringWriter();
        Assert.Equal(2, Plot(model, "-", temp.File("qq.png"), "x,d,y\n1,0,1\n2,0,2\n", kind: PlotKind.Qq, diagnostics: stderr));
        Assert.Contains($"linreg: warning: {model} was fitted to 5 row(s) and standard input has 2: leverages and standardized residuals describe the rows a model was fitted to, so plot those\n", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal((800, 500), PngFile.Size(temp.File("qq.png")));
    }
}
