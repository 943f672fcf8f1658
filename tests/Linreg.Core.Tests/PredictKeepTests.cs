using System.Text;
using System.Text.Json;
using Linreg.Core;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// <c>predict --keep</c> (identifier columns beside each prediction, in every format, on both readers) and what
/// predict says when a bad row or an interruption comes after some predictions were printed.
/// </summary>
public sealed class PredictKeepTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _model;

    public PredictKeepTests()
    {
        _model = _temp.File("model.json");
        ModelFile.Save(new ModelDocument(new LinearModel(["x"], "y", [2], 1), null, null, "test"), _model, []);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Runs predict on a file (the fast path while lines are plain) or, with <paramref name="stdin"/>, on standard input (CsvHelper).</summary>
    private string Predict(string csv, bool stdin, PredictionFormat format, params string[] keep)
    {
        var output = new StringWriter();
        var io = new JobIO(output, new StringWriter(), () => new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var data = stdin ? "-" : _temp.Write("data.csv", csv);
        PredictJob.Run(new PredictJobSettings { ModelPath = _model, Data = data, Output = format, Keep = keep }, io, CancellationToken.None);
        return output.ToString().ReplaceLineEndings("\n");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Kept_columns_follow_the_prediction_verbatim_in_each_format(bool stdin)
    {
        const string Csv = "id,name,x\nA-1,plain,1\nB-2,\"Smith, J\",2\nC 3,\"say \"\"hi\"\"\",3\n";
        Assert.Equal("3 A-1 plain\n5 B-2 Smith, J\n7 C 3 say \"hi\"\n", Predict(Csv, stdin, PredictionFormat.Text, "id", "name"));
        Assert.Equal("y,id,name\n3,A-1,plain\n5,B-2,\"Smith, J\"\n7,C 3,\"say \"\"hi\"\"\"\n", Predict(Csv, stdin, PredictionFormat.Csv, "id", "name"));
        var json = JsonDocument.Parse(Predict(Csv, stdin, PredictionFormat.Json, "name", "0")).RootElement;
        Assert.Equal(3, json.GetArrayLength());
        Assert.Equal(5, json[1].GetProperty("prediction").GetDouble());
        Assert.Equal("Smith, J", json[1].GetProperty("name").GetString());
        Assert.Equal("say \"hi\"", json[2].GetProperty("name").GetString());
        Assert.Equal("C 3", json[2].GetProperty("id").GetString());
    }

    [Fact]
    public void A_plain_file_keeps_numbers_as_written_and_by_index()
    {
        Assert.Equal("y,x,y_kept\n4,1.50e0,1\n5,2,2\n", Predict("x,y\n1.50e0,1\n2,2\n", stdin: false, PredictionFormat.Csv, "0", "y"));
    }

    [Fact]
    public void A_name_the_output_already_has_gets_kept_appended()
    {
        Assert.Equal(["y_kept", "lower_kept", "id", "y_kept_kept"], PredictionWriter.KeptNames(["y", "lower", "id", "y_kept"], ["y", "lower", "upper"]));
        var json = JsonDocument.Parse(Predict("prediction,x\np,1\n", stdin: true, PredictionFormat.Json, "prediction")).RootElement;
        Assert.Equal(3, json[0].GetProperty("prediction").GetDouble());
        Assert.Equal("p", json[0].GetProperty("prediction_kept").GetString());
    }

    [Fact]
    public void Keep_refuses_an_unknown_or_repeated_column()
    {
        var unknown = Assert.Throws<LinregException>(() => Predict("id,x\na,1\n", stdin: true, PredictionFormat.Text, "ID2"));
        Assert.Equal(ExitCode.DataError, unknown.Code);
        Assert.Contains("unknown column 'ID2' for --keep", unknown.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<LinregException>(() => Predict("id,x\na,1\n", stdin: true, PredictionFormat.Text, "id", "0"));
        Assert.Equal(ExitCode.UsageError, twice.Code);
    }

    [Theory]
    [InlineData(false, PredictionFormat.Text)]
    [InlineData(true, PredictionFormat.Csv)]
    [InlineData(false, PredictionFormat.Json)]
    public void A_bad_row_after_printed_predictions_says_how_many_were_written(bool stdin, PredictionFormat format)
    {
        // More rows than one block, so the first block is printed before the reader reaches the bad row.
        var csv = new StringBuilder("x\n");
        for (var i = 0; i < 5000; i++)
        {
            csv.Append("1\n");
        }

        csv.Append("abc\n2\n");
        var output = new StringWriter();
        var io = new JobIO(output, new StringWriter(), () => new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())));
        var data = stdin ? "-" : _temp.Write("data.csv", csv.ToString());
        var e = Assert.Throws<LinregException>(() => PredictJob.Run(new PredictJobSettings { ModelPath = _model, Data = data, Output = format }, io, CancellationToken.None));
        Assert.Equal(ExitCode.DataError, e.Code);
        Assert.StartsWith(":5002:1: column 'x' has 'abc'", e.Message[e.Message.IndexOf(':', StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.EndsWith(format == PredictionFormat.Json ? "(5000 prediction(s), for the rows before it, were written; the output is incomplete, its JSON array not closed)" : "(5000 prediction(s), for the rows before it, were written; the output is incomplete)", e.Message, StringComparison.Ordinal);
        var text = output.ToString();
        var lines = text.Split('\n');
        Assert.Equal(format == PredictionFormat.Json ? 5001 : format == PredictionFormat.Csv ? 5002 : 5001, lines.Length);
        Assert.Equal(format == PredictionFormat.Json ? "  3" : string.Empty, lines[^1]);
    }

    [Fact]
    public void Json_never_holds_infinity_or_nan_with_intervals_or_kept_columns()
    {
        var model = _temp.File("wide.json");
        ModelFile.Save(new ModelDocument(new LinearModel(["a", "b"], "y", [1e308, 1e308], 0), null, null, "test"), model, []);
        var output = new StringWriter();
        var io = new JobIO(output, new StringWriter(), () => new MemoryStream(Encoding.UTF8.GetBytes("a,b\n10,-10\n10,10\n1,-0.5\n")));
        PredictJob.Run(new PredictJobSettings { ModelPath = model, Output = PredictionFormat.Json, Keep = ["a"] }, io, CancellationToken.None);
        var text = output.ToString();
        Assert.DoesNotContain("Infinity", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(JsonValueKind.Null, json[0].GetProperty("prediction").ValueKind);
        Assert.Equal(JsonValueKind.Null, json[1].GetProperty("prediction").ValueKind);
        Assert.True(double.IsFinite(json[2].GetProperty("prediction").GetDouble()));
    }
}
