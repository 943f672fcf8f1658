using System.Text.Json;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>predict in pipelines: --keep through the command line, and column names that hold a comma.</summary>
public sealed class PipelineTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_column_name_with_a_comma_is_selected_quoted_as_csv_quotes_it()
    {
        var data = _temp.Write("data.csv", "\"height, cm\",weight,y\n1,5,3\n2,3,5\n3,8,7\n4,1,9\n");
        var model = _temp.File("model.json");
        var train = CliRunner.Run("train", data, "--solver", "lstsq", "--features", "\"height, cm\"", "--target", "y", "-o", model, "-q");
        Assert.Equal(0, train.ExitCode);
        using (var json = JsonDocument.Parse(File.ReadAllText(model)))
        {
            Assert.Equal("height, cm", json.RootElement.GetProperty("features")[0].GetString());
            Assert.Equal(1, json.RootElement.GetProperty("features").GetArrayLength());
        }

        var predict = CliRunner.Run("predict", "-m", model, data, "--keep", "weight,\"height, cm\"", "--format", "csv");
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal("y,weight,\"height, cm\"\n3,5,1\n5,3,2\n7,8,3\n9,1,4\n", predict.Output);

        var unclosed = CliRunner.Run("train", data, "--features", "\"height, cm,weight");
        Assert.Equal((int)ExitCode.UsageError, unclosed.ExitCode);
        Assert.Equal("linreg: error: --features '\"height, cm,weight': a quoted name is not closed; write a name holding a comma as \"a,b\" (and a quote inside it as \"\")", unclosed.ErrorLine);
        var unquoted = CliRunner.Run("train", data, "--features", "height, cm");
        Assert.Equal((int)ExitCode.DataError, unquoted.ExitCode);
        Assert.Contains("unknown column 'height' for --features", unquoted.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_keeps_identifiers_beside_the_intervals()
    {
        var data = _temp.Write("data.csv", "id,x,y\nr1,1,2.1\nr2,2,3.9\nr3,3,6.2\nr4,4,7.8\n");
        var model = _temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("train", data, "--solver", "lstsq", "--features", "x", "--target", "y", "-o", model, "-q").ExitCode);
        var csv = CliRunner.Run("predict", "-m", model, data, "--keep", "id,y", "--interval", "prediction", "--format", "csv");
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("y,lower,upper,id,y_kept", lines[0]);
        Assert.Matches(@"^[-0-9.E]+,[-0-9.E]+,[-0-9.E]+,r1,2\.1$", lines[1]);
        var json = CliRunner.Run("predict", "-m", model, data, "--keep", "0", "--interval", "confidence", "--json");
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("r4", document.RootElement[3].GetProperty("id").GetString());
        Assert.True(document.RootElement[3].GetProperty("lower").GetDouble() < document.RootElement[3].GetProperty("upper").GetDouble());
    }

    [Fact]
    public void Import_names_a_feature_with_a_comma_that_predict_then_matches_by_header()
    {
        var model = _temp.File("model.json");
        var fixture = Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "linear2.pt");
        Assert.Equal(0, CliRunner.Run("import", fixture, "-o", model, "--features", "\"height, cm\",weight", "-q").ExitCode);
        var data = _temp.Write("data.csv", "weight,\"height, cm\"\n2,1\n");
        var predict = CliRunner.Run("predict", "-m", model, data);
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal("0.75\n", predict.Output);
        var empty = CliRunner.Run("import", fixture, "-o", model, "--features", "a,,b");
        Assert.Equal((int)ExitCode.UsageError, empty.ExitCode);
        Assert.Contains("a name is empty", empty.ErrorLine, StringComparison.Ordinal);
    }
}
