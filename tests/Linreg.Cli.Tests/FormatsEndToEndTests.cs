using System.Globalization;
using System.Text.Json;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// Files as people have them, end to end: the same table as CSV, .csv.gz, .csv.zst, Parquet and standard input
/// trains byte-identical models (but for the data path the model records), equal to statsmodels' fit of what
/// pandas reads; European and whitespace-delimited text with its options; every data-reading command takes them.
/// </summary>
public class FormatsEndToEndTests
{
    private static readonly string[] Grunfeld = ["--features", "value,capital", "--target", "invest", "--solver", "lstsq"];

    private static JsonElement Reference(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(FormatCopies.FormatsFixture("formats.json")));
        return json.RootElement.GetProperty(name).Clone();
    }

    /// <summary>A model file without the path of the data it was trained on, which differs by design.</summary>
    private static string WithoutDataPath(string model) =>
        string.Join('\n', File.ReadAllLines(model).Where(l => !l.TrimStart().StartsWith("\"data\":", StringComparison.Ordinal)));

    private static void MatchesStatsmodels(string model, JsonElement reference)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(model));
        var root = json.RootElement;
        Assert.Equal(reference.GetProperty("rows").GetInt32(), root.GetProperty("training").GetProperty("rows").GetInt32());
        Assert.Equal(reference.GetProperty("intercept").GetDouble(), root.GetProperty("bias").GetDouble(), 1e-9);
        var weights = reference.GetProperty("weights");
        for (var i = 0; i < 2; i++)
        {
            var expected = weights[i].GetDouble();
            Assert.Equal(expected, root.GetProperty("weights")[i].GetDouble(), Math.Abs(expected) * 1e-10);
        }
    }

    [Fact]
    public void Csv_gzip_zstd_parquet_and_standard_input_train_identical_models_equal_to_statsmodels()
    {
        using var temp = new TempFolder();
        var csvPath = FormatCopies.FormatsFixture("grunfeld.csv");
        var csv = File.ReadAllBytes(csvPath);
        var gz = File.ReadAllBytes(FormatCopies.FormatsFixture("grunfeld.csv.gz"));
        var zst = FormatCopies.Zstd(csv);
        var parquet = FormatCopies.Parquet(File.ReadAllText(csvPath), rowGroupRows: 50);
        File.WriteAllBytes(temp.File("grunfeld.csv.zst"), zst);
        File.WriteAllBytes(temp.File("grunfeld.parquet"), parquet);
        File.WriteAllBytes(temp.File("grunfeld.csv.gz"), gz);

        var models = new List<string>();
        string Train(string data, byte[]? input, string name, params string[] extra)
        {
            var model = temp.File(name + ".json");
            var result = input is null
                ? CliRunner.Run(["train", data, .. Grunfeld, .. extra, "-o", model])
                : CliRunner.RunWithBytes(input, ["train", data, .. Grunfeld, .. extra, "-o", model]);
            Assert.True(result.ExitCode == 0, result.Error);
            models.Add(model);
            return model;
        }

        MatchesStatsmodels(Train(csvPath, null, "csv"), Reference("full"));
        Train(temp.File("grunfeld.csv.gz"), null, "gz");
        Train(temp.File("grunfeld.csv.zst"), null, "zst");
        Train(temp.File("grunfeld.parquet"), null, "parquet");
        Train("-", csv, "stdin-csv");
        Train("-", gz, "stdin-gz");
        Train("-", zst, "stdin-zst");
        Train("-", parquet, "stdin-parquet");
        Train(FormatCopies.FormatsFixture("grunfeld.txt"), null, "txt", "-d", "space");
        Train(temp.File("grunfeld.parquet"), null, "parquet-stream", "--stream");
        var expected = WithoutDataPath(models[0]);
        foreach (var model in models.Skip(1).SkipLast(1))
        {
            Assert.Equal(expected, WithoutDataPath(model));
        }

        // --stream records its own settings; its fit is the same.
        MatchesStatsmodels(models[^1], Reference("full"));
    }

    [Fact]
    public void A_text_column_is_the_same_categories_from_csv_gzip_parquet_and_standard_input()
    {
        using var temp = new TempFolder();
        var csvPath = FormatCopies.FormatsFixture("grunfeld.csv");
        var parquet = FormatCopies.Parquet(File.ReadAllText(csvPath), rowGroupRows: 40);
        File.WriteAllBytes(temp.File("grunfeld.parquet"), parquet);
        string[] options = ["--target", "invest", "--solver", "lstsq"];
        string Train(string data, byte[]? input, string name, string features = "value,capital,firm", params string[] extra)
        {
            var model = temp.File(name + ".json");
            var result = input is null
                ? CliRunner.Run(["train", data, .. options, "--features", features, .. extra, "-o", model])
                : CliRunner.RunWithBytes(input, ["train", data, .. options, "--features", features, .. extra, "-o", model]);
            Assert.True(result.ExitCode == 0, result.Error);
            return WithoutDataPath(model);
        }

        var fromCsv = Train(csvPath, null, "csv");
        Assert.Contains("firm[T.IBM]", fromCsv, StringComparison.Ordinal);
        Assert.Equal(fromCsv, Train(FormatCopies.FormatsFixture("grunfeld.csv.gz"), null, "gz"));
        Assert.Equal(fromCsv, Train(temp.File("grunfeld.parquet"), null, "parquet"));
        Assert.Equal(fromCsv, Train("-", parquet, "stdin-parquet"));

        // A number column read as categories is named as pandas names its values: 1954.0 where the CSV writes a
        // decimal point (pandas reads floats), 1954 from Parquet's integers.
        Assert.Contains("year[T.1954.0]", Train(csvPath, null, "csv-year", "value,capital,firm,year", "--categorical", "year"), StringComparison.Ordinal);
        Assert.Contains("year[T.1954]", Train(temp.File("grunfeld.parquet"), null, "parquet-year", "value,capital,firm,year", "--categorical", "year"), StringComparison.Ordinal);
    }

    [Fact]
    public void European_csv_with_a_title_and_comments_fits_what_statsmodels_fits_on_pandas_reading()
    {
        using var temp = new TempFolder();
        var data = FormatCopies.FormatsFixture("grunfeld_european.csv");
        string[] options = ["--decimal", ",", "--skip-rows", "1", "--comment", "#"];
        var refused = CliRunner.Run(["train", data, .. Grunfeld, .. options]);
        Assert.Equal((int)ExitCode.DataError, refused.ExitCode);
        Assert.Equal($"linreg: error: {data}:7:3: column 'value' is missing ('NA'); fix the value, or pass --missing drop to skip such rows", refused.ErrorLine);

        var model = temp.File("m.json");
        var result = CliRunner.Run(["train", data, .. Grunfeld, .. options, "--missing", "drop", "-o", model]);
        Assert.True(result.ExitCode == 0, result.Error);
        MatchesStatsmodels(model, Reference("dropped"));

        // The other commands read the same file with the same options.
        var evaluate = CliRunner.Run(["evaluate", "--model", model, data, .. options, "--missing", "drop"]);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("rows 215", evaluate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_and_evaluate_read_gzip_and_parquet_from_standard_input()
    {
        using var temp = new TempFolder();
        var csvPath = FormatCopies.FormatsFixture("grunfeld.csv");
        var model = temp.File("m.json");
        Assert.Equal(0, CliRunner.Run(["train", csvPath, .. Grunfeld, "-o", model]).ExitCode);
        var fromCsv = CliRunner.Run("predict", "--model", model, csvPath);
        Assert.True(fromCsv.ExitCode == 0, fromCsv.Error);
        var fromGz = CliRunner.RunWithBytes(File.ReadAllBytes(FormatCopies.FormatsFixture("grunfeld.csv.gz")), "predict", "--model", model, "-");
        Assert.Equal(fromCsv.Output, fromGz.Output);
        var parquet = FormatCopies.Parquet(File.ReadAllText(csvPath), rowGroupRows: 30);
        var fromParquet = CliRunner.RunWithBytes(parquet, "predict", "--model", model, "-");
        Assert.Equal(fromCsv.Output, fromParquet.Output);
        var evaluate = CliRunner.RunWithBytes(parquet, "evaluate", "--model", model, "-");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("rows 220", evaluate.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--decimal x", "--decimal must be . or , (got 'x')")]
    [InlineData("--decimal , -d ,", "--decimal , needs a delimiter other than ','")]
    [InlineData("--comment ##", "--comment expects one character such as '#', not '##'")]
    [InlineData("--skip-rows -1", "--skip-rows must be 0 or more (got -1)")]
    [InlineData("--skip-rows x", "--skip-rows expects a whole number, not 'x'")]
    [InlineData("-d x", "--delimiter must be one of , ; tab | space (got 'x')")]
    public void Bad_format_options_are_usage_errors(string options, string message)
    {
        var result = CliRunner.Run(["train", FormatCopies.FormatsFixture("grunfeld.csv"), .. options.Split(' ')]);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains(message, result.ErrorLine, StringComparison.Ordinal);
    }
}
