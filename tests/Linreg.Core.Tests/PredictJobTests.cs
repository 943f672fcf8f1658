using System.Text;
using Linreg.Core;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class PredictJobTests
{
    private static string Predict(string modelPath, string csv)
    {
        var output = new StringWriter();
        var io = new JobIO(output, new StringWriter(), () => new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        PredictJob.Run(new PredictJobSettings { ModelPath = modelPath }, io, CancellationToken.None);
        return output.ToString();
    }

    private static string SaveModel(TempFolder temp, string[] features, double[] weights, double bias)
    {
        var path = temp.File("model.json");
        ModelFile.Save(new ModelDocument(new LinearModel(features, "y", weights, bias), null, null, "test"), path, []);
        return path;
    }

    [Fact]
    public void Columns_are_matched_by_name_and_extra_columns_ignored()
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["a", "b"], [2, 10], 1);
        Assert.Equal("13\n25\n", Predict(model, "b,id,a\n1,7,1\n2,8,2\n").ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Without_a_header_columns_are_taken_by_position()
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["x"], [2], 0.5f);
        Assert.Equal("8.5\n2.5\n", Predict(model, "4\n1\n").ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Data_without_the_models_features_is_a_model_error()
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["x1", "x2"], [1, 1], 0);
        var byName = Assert.Throws<LinregException>(() => Predict(model, "x1,z\n1,2\n"));
        Assert.Equal(ExitCode.ModelError, byName.Code);
        Assert.Contains("has no column 'x2'", byName.Message, StringComparison.Ordinal);
        var byPosition = Assert.Throws<LinregException>(() => Predict(model, "1\n2\n"));
        Assert.Contains("rows have 1 column(s) but the model", byPosition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_writes_a_prediction_that_overflows_as_null_and_says_so()
    {
        using var temp = new TempFolder();
        var model = SaveModel(temp, ["x"], [1e308], 0);
        var output = new StringWriter();
        var diagnostics = new StringWriter();
        var io = new JobIO(output, diagnostics, () => new MemoryStream(Encoding.UTF8.GetBytes("x\n1\n10\n")));
        PredictJob.Run(new PredictJobSettings { ModelPath = model, Output = PredictionFormat.Json }, io, CancellationToken.None);
        Assert.Equal("[\n  1E+308,\n  null\n]\n", output.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("linreg: warning: 1 prediction(s) overflowed float64 or were not a number, written as null\n", diagnostics.ToString().ReplaceLineEndings("\n"));
    }
}
