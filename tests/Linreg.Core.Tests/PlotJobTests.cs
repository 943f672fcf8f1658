using System.Text;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
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

    private static int Plot(string model, string data, string output, string? standardInput = null, int width = 800, int height = 500, MissingValuePolicy missing = MissingValuePolicy.Error)
    {
        var io = new JobIO(TextWriter.Null, TextWriter.Null, () => new MemoryStream(Encoding.UTF8.GetBytes(standardInput ?? string.Empty)));
        return PlotJob.Run(new PlotJobSettings { ModelPath = model, Data = data, OutputPath = output, Width = width, Height = height, Missing = missing }, io, CancellationToken.None);
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
}
