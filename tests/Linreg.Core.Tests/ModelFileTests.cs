using System.Text;
using Linreg.Core;
using Linreg.Core.Metrics;
using Linreg.Core.Models;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class ModelFileTests
{
    private static readonly ModelDocument Document = new(
        new LinearModel(["x1", "x2"], "y", [1.9973674, -0.5], 0.005984552),
        new TrainingRecord("data.csv", 3, 1, 2000, 5.1625793E-06f, new TrainSettings { LearningRate = 0.01, Seed = 1L << 40 }),
        new RegressionMetrics(0.25, 0.5, 0.4, double.NaN, 3),
        "linreg test");

    private static LinregException Refused(string json) =>
        Assert.Throws<LinregException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(json), "m.json"));

    [Fact]
    public void A_saved_model_reads_back_exactly()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.json");
        ModelFile.Save(Document, path, []);
        var read = ModelFile.Load(path);
        Assert.Equal(Document.Model.FeatureNames, read.Model.FeatureNames);
        Assert.Equal(Document.Model.Weights, read.Model.Weights);
        Assert.Equal(Document.Model.Bias, read.Model.Bias);
        Assert.Equal(Document.Training, read.Training);
        Assert.Equal(0.25, read.TrainMetrics!.Mse);
        Assert.True(double.IsNaN(read.TrainMetrics.R2));
        Assert.Equal(["model.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_file_is_versioned_json_with_the_models_fields()
    {
        var json = ModelFile.ToJson(Document);
        Assert.Contains("\"format\": \"linreg-model\"", json, StringComparison.Ordinal);
        Assert.Contains("\"schemaVersion\": 2", json, StringComparison.Ordinal);
        Assert.Contains("\"weights\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"r2\": null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_from_later_writers_are_ignored()
    {
        var json = ModelFile.ToJson(Document).Replace("\"bias\"", "\"futureField\": {\"a\": [1, 2]}, \"bias\"", StringComparison.Ordinal);
        Assert.Equal(Document.Model.Bias, ModelFile.Parse(Encoding.UTF8.GetBytes(json), "m.json").Model.Bias);
    }

    [Theory]
    [InlineData("", "invalid or truncated JSON")]
    [InlineData("{\"format\": \"linreg-model\", \"schemaVersion\": 1, \"weig", "invalid or truncated JSON")]
    [InlineData("[1, 2]", "not a linreg model file")]
    [InlineData("{\"format\": \"other\"}", "not a linreg model file")]
    [InlineData("{\"format\": \"linreg-model\", \"schemaVersion\": 99}", "schema version 99 was written by a newer linreg")]
    [InlineData("{\"format\": \"linreg-model\", \"schemaVersion\": 1, \"target\": \"y\", \"features\": [\"x\"], \"weights\": [], \"bias\": 0}", "0 weight(s) for 1 feature(s)")]
    [InlineData("{\"format\": \"linreg-model\", \"schemaVersion\": 1, \"target\": \"y\", \"features\": [\"x\"], \"weights\": [1]}", "\"bias\" is missing")]
    [InlineData("{\"format\": \"linreg-model\", \"schemaVersion\": 1, \"target\": \"y\", \"features\": [\"x\"], \"weights\": [\"a\"], \"bias\": 0}", "\"weights\" must be a finite number")]
    [InlineData("{\"format\": \"linreg-model\", \"schemaVersion\": 1, \"target\": \"y\", \"features\": [\"x\"], \"weights\": [1e300], \"bias\": 0}", "outside the float32 range")]
    public void Damaged_or_foreign_files_are_refused_with_a_reason(string json, string expected)
    {
        var error = Refused(json);
        Assert.Equal(ExitCode.ModelError, error.Code);
        Assert.StartsWith("m.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_nested_too_deep_is_named_as_such_not_as_truncated()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\": ", 70)) + "1" + new string('}', 70);
        var json = ModelFile.ToJson(Document).Replace("\"bias\"", $"\"futureField\": {deep}, \"bias\"", StringComparison.Ordinal);
        var error = Refused(json);
        Assert.Equal(ExitCode.ModelError, error.Code);
        Assert.Contains("(JSON nested deeper than 64 levels, where a linreg model file nests a few)", error.Message, StringComparison.Ordinal);

        var cut = Refused(json[..^40]);
        Assert.Contains("(invalid or truncated JSON)", cut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_2_keeps_every_bit_of_a_double_and_writes_an_aliased_weight_as_null()
    {
        var model = new LinearModel(["x1", "x2", "x3"], "y", [0.1, 0, -1.0 / 3], Math.PI) { Aliased = ["x2"] };
        var json = ModelFile.ToJson(new ModelDocument(model, null, null, "test"));
        Assert.Contains("null", json, StringComparison.Ordinal);
        var read = ModelFile.Parse(Encoding.UTF8.GetBytes(json), "m.json").Model;
        Assert.Equal([0.1, 0, -1.0 / 3], read.Weights);
        Assert.Equal(Math.PI, read.Bias);
        Assert.Equal(["x2"], read.Aliased);
        Assert.True(read.HasIntercept);
    }

    [Fact]
    public void Version_1_files_read_as_the_float32_model_they_were()
    {
        // Version 1 wrote float32 values in their shortest form: 0.1 there is the float32 nearest 0.1, not the double.
        var read = ModelFile.Parse(Encoding.UTF8.GetBytes("{\"format\": \"linreg-model\", \"schemaVersion\": 1, \"target\": \"y\", \"features\": [\"x\"], \"weights\": [0.1], \"bias\": 0.2}"), "m.json").Model;
        Assert.Equal((double)0.1f, read.Weights[0]);
        Assert.Equal((double)0.2f, read.Bias);
    }

    [Fact]
    public void A_feature_named_twice_or_a_standardization_that_contradicts_the_weights_is_refused()
    {
        var twice = Refused("{\"format\": \"linreg-model\", \"schemaVersion\": 2, \"target\": \"y\", \"features\": [\"x\", \"x\"], \"weights\": [1, 2], \"bias\": 0}");
        Assert.Contains("names feature 'x' twice", twice.Message, StringComparison.Ordinal);

        // y = 2x + 1 in original units is 4·(x - 1)/2 + 3 on x scaled by mean 1 and scale 2; the file says 5, not 3.
        const string Line = "{\"format\": \"linreg-model\", \"schemaVersion\": 2, \"target\": \"y\", \"features\": [\"x\"], \"weights\": [2], \"bias\": 1, \"standardization\": {\"mean\": [1], \"scale\": [2], \"weights\": [4], \"bias\": BIAS}}";
        Assert.Equal(2, ModelFile.Parse(Encoding.UTF8.GetBytes(Line.Replace("BIAS", "3", StringComparison.Ordinal)), "m.json").Model.Weights[0]);
        var contradicting = Refused(Line.Replace("BIAS", "5", StringComparison.Ordinal));
        Assert.Contains("describe different lines", contradicting.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_says_how_to_make_one()
    {
        var error = Assert.Throws<LinregException>(() => ModelFile.Load("/nonexistent/model.json"));
        Assert.Equal(ExitCode.ModelError, error.Code);
        Assert.Contains("linreg train", error.Message, StringComparison.Ordinal);
    }
}
