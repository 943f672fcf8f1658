using System.Text;
using Linreg.Core;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// The corpus of bad files and arguments: each must give its documented exit code and a one-line message that says
/// what and where, leave no new file behind, and leave the input (and any previous model) untouched.
/// </summary>
public class BadInputCorpusTests
{
    private const string Good = "x,y\n1,2\n2,4\n3,6\n";
    private const string ValidStats = "{\"format\": \"linreg-stats\", \"schemaVersion\": 1, \"sources\": [\"d.csv\"], \"target\": \"y\", \"features\": [\"x\"], \"intercept\": true, "
        + "\"rows\": 3, \"droppedRows\": 0, \"weightedRows\": 3, \"sumWeights\": 3, \"sumLogWeights\": 0, \"targetMean\": 4, \"targetSumOfSquares\": 8, "
        + "\"shift\": [1], \"factor\": [[-1.7320508075688772, -1.7320508075688772, -6.928203230275509], [-1.4142135623730951, -2.8284271247461903], [0]]}\n";
    private const string ValidModel = "{\"format\": \"linreg-model\", \"schemaVersion\": 1, \"target\": \"y\", \"features\": [\"x\"], \"weights\": [2], \"bias\": 0}\n";

    public sealed record BadCase(string Name, ExitCode Code, string Message, string[] Args, string? Data = Good, string? Model = null, string? Stdin = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<BadCase> Cases { get; } =
    [
        // Data files.
        new("missing file", ExitCode.DataError, "{missing}: file not found", ["train", "{missing}"]),
        new("a folder", ExitCode.DataError, "{dir}: is a folder", ["train", "{dir}"]),
        new("empty file", ExitCode.DataError, "{data}: no data (the input is empty)", ["train", "{data}"], Data: ""),
        new("empty standard input", ExitCode.DataError, "standard input: no data", ["train", "-"], Stdin: ""),
        new("blank lines only", ExitCode.DataError, "no data", ["train", "{data}"], Data: "\n\n\r\n"),
        new("header, no data", ExitCode.DataError, "it has a header but no data rows", ["train", "{data}"], Data: "x,y\n"),
        new("single column", ExitCode.DataError, "only one column (y)", ["train", "{data}"], Data: "y\n1\n2\n"),
        new("long ragged row", ExitCode.DataError, "{data}:3: this row has 3 field(s) but the header has 2", ["train", "{data}"], Data: "x,y\n1,2\n3,4,5\n"),
        new("short ragged row", ExitCode.DataError, "{data}:4: this row has 1 field(s)", ["train", "{data}"], Data: "x,y\n1,2\n3,4\n5\n"),
        new("unclosed quote", ExitCode.DataError, "malformed CSV", ["train", "{data}"], Data: "x,y\n1,\"2\n3,4\n"),
        new("non-numeric cell", ExitCode.DataError, "{data}:3:2: column 'y' has 'abc', which is not a number", ["train", "{data}"], Data: "x,y\n1,2\n2,abc\n"),
        new("decimal comma", ExitCode.DataError, "{data}:2:1: column 'x' has '1,5'", ["train", "{data}", "-d", ";"], Data: "x;y\n1,5;2\n"),
        new("empty cell", ExitCode.DataError, "{data}:3:1: column 'x' is empty", ["train", "{data}"], Data: "x,y\n1,2\n,4\n"),
        new("NaN", ExitCode.DataError, "{data}:2:2: column 'y' is missing ('NaN')", ["train", "{data}"], Data: "x,y\n1,NaN\n"),
        new("infinity", ExitCode.DataError, "has 'inf', which is not a finite number", ["train", "{data}"], Data: "x,y\ninf,2\n"),
        new("minus infinity", ExitCode.DataError, "has '-Infinity', which is not a finite number", ["train", "{data}"], Data: "x,y\n1,-Infinity\n"),
        new("float32 overflow", ExitCode.DataError, "{data}: data row 1, column 'x': 3.5E+38 is beyond float32's range", ["train", "{data}"], Data: "x,y\n3.5e38,1\n"),
        new("binary garbage", ExitCode.DataError, "not CSV text (it contains binary bytes)", ["train", "{data}"], Data: "\u007fELF\u0002\u0001\u0001\0\0\0\0,\u0003\n"),
        new("NUL in a later row", ExitCode.DataError, "{data}:3:1:", ["train", "{data}"], Data: "x,y\n1,2\n\0,4\n"),
        new("duplicate header", ExitCode.DataError, "names column 'x' twice", ["train", "{data}"], Data: "x,x,y\n1,2,3\n"),
        new("header forced off", ExitCode.DataError, "{data}:1:1: column 'x1' has 'x'", ["train", "{data}", "--no-header"]),
        new("unknown target", ExitCode.DataError, "unknown column 'z' for --target; the columns are x, y", ["train", "{data}", "--target", "z"]),
        new("unknown feature", ExitCode.DataError, "unknown column 'q' for --features", ["train", "{data}", "--features", "q"]),
        new("index out of range", ExitCode.DataError, "unknown column '5' for --target", ["train", "{data}", "--target", "5"]),
        new("target is a feature", ExitCode.UsageError, "cannot be both the target and a feature", ["train", "{data}", "--target", "y", "--features", "x,y"]),
        new("feature twice", ExitCode.UsageError, "more than once", ["train", "{data}", "--features", "x,0"], Data: "x,z,y\n1,2,3\n"),
        new("all rows dropped", ExitCode.DataError, "all 2 data row(s) had missing or non-numeric values", ["train", "{data}", "--missing", "drop"], Data: "x,y\n,1\n2,b\n"),

        // Options.
        new("lr not a number", ExitCode.UsageError, "--lr expects a number such as 0.01, or auto, not 'abc'", ["train", "{data}", "--lr", "abc"]),
        new("lr zero", ExitCode.UsageError, "--lr must be greater than 0", ["train", "{data}", "--lr", "0"]),
        new("lr negative", ExitCode.UsageError, "--lr must be greater than 0", ["train", "{data}", "--lr", "-0.5"]),
        new("lr infinite", ExitCode.UsageError, "--lr expects a number", ["train", "{data}", "--lr", "Infinity"]),
        new("lr missing value", ExitCode.UsageError, "--lr", ["train", "{data}", "--lr"]),
        new("epochs zero", ExitCode.UsageError, "--epochs must be at least 1 (got 0)", ["train", "{data}", "--epochs", "0"]),
        new("epochs negative", ExitCode.UsageError, "--epochs must be at least 1", ["train", "{data}", "--epochs", "-3"]),
        new("epochs fractional", ExitCode.UsageError, "--epochs expects a whole number, not '1.5'", ["train", "{data}", "--epochs", "1.5"]),
        new("epochs huge", ExitCode.UsageError, "--epochs expects a whole number", ["train", "{data}", "--epochs", "99999999999"]),
        new("log-every negative", ExitCode.UsageError, "--log-every must be at least 0", ["train", "{data}", "--log-every", "-1"]),
        new("seed not a number", ExitCode.UsageError, "--seed expects a whole number", ["train", "{data}", "--seed", "abc"]),
        new("option as a value", ExitCode.UsageError, "--device must be one of cpu, cuda, mps, auto (got '--model')", ["train", "{data}", "--device", "--model"]),
        new("unknown device", ExitCode.UsageError, "--device must be one of cpu, cuda, mps, auto (got 'tpu')", ["train", "{data}", "--device", "tpu"]),
        new("bad delimiter", ExitCode.UsageError, "--delimiter must be one of , ; tab |", ["train", "{data}", "-d", "x"]),
        new("bad missing policy", ExitCode.UsageError, "--missing must be one of error, drop (got 'maybe')", ["train", "{data}", "--missing", "maybe"]),
        new("header and no-header", ExitCode.UsageError, "contradict", ["train", "{data}", "--header", "--no-header"]),
        new("checkpoint-every zero", ExitCode.UsageError, "--checkpoint-every must be at least 1", ["train", "{data}", "--checkpoint", "{dir}/ck.json", "--checkpoint-every", "0"]),
        new("unknown option", ExitCode.UsageError, "--learning-rate", ["train", "{data}", "--learning-rate", "0.1"]),
        new("unknown command", ExitCode.UsageError, "unknown command 'fit'; the commands are train, stats, predict", ["fit", "{data}"]),
        new("no command", ExitCode.UsageError, "no command given; the commands are train", []),
        new("NA marker", ExitCode.DataError, "{data}:3:2: column 'y' is missing ('NA')", ["train", "{data}"], Data: "x,y\n1,2\n2,NA\n"),
        new("no data argument", ExitCode.UsageError, "DATA", ["train"]),
        new("unstable learning rate", ExitCode.UsageError, "--lr 100 diverges on this data: gradient descent is stable below", ["train", "{data}", "--lr", "100", "--model", "{dir}/new.json"]),
        new("diverging mini-batches", ExitCode.TrainingDiverged, "training diverged at epoch", ["train", "{data}", "--lr", "100", "--batch-size", "1", "--quiet", "--model", "{dir}/new.json"]),

        // Training knobs.
        new("momentum of one", ExitCode.UsageError, "--momentum must be in [0, 1) (got 1)", ["train", "{data}", "--momentum", "1"]),
        new("momentum with adam", ExitCode.UsageError, "--momentum applies to --optimizer sgd only", ["train", "{data}", "--optimizer", "adam", "--momentum", "0.9"]),
        new("unknown optimizer", ExitCode.UsageError, "--optimizer must be one of sgd, adam (got 'rmsprop')", ["train", "{data}", "--optimizer", "rmsprop"]),
        new("unknown init", ExitCode.UsageError, "--init must be one of zeros, linear", ["train", "{data}", "--init", "random"]),
        new("unknown solver", ExitCode.UsageError, "--solver must be one of gd, lstsq", ["train", "{data}", "--solver", "svd"]),
        new("negative batch size", ExitCode.UsageError, "--batch-size must be at least 0", ["train", "{data}", "--batch-size", "-5"]),
        new("negative tolerance", ExitCode.UsageError, "--tolerance must be 0 or more", ["train", "{data}", "--tolerance", "-1"]),
        new("patience zero", ExitCode.UsageError, "--patience must be at least 1", ["train", "{data}", "--patience", "0"]),
        new("split of one", ExitCode.UsageError, "--validation-split must be between 0 and 1", ["train", "{data}", "--validation-split", "1"]),
        new("split leaves nothing", ExitCode.DataError, "leaves 0 for validation", ["train", "{data}", "--validation-split", "0.1"]),
        new("two validations", ExitCode.UsageError, "--validation and --validation-split both", ["train", "{data}", "--validation", "{data}", "--validation-split", "0.5"]),
        new("validation missing a column", ExitCode.DataError, "unknown column 'y' for --target", ["train", "{data}", "--validation", "{model}"], Model: "x,z\n1,2\n"),
        new("checkpoint with adam", ExitCode.UsageError, "work with plain SGD only", ["train", "{data}", "--optimizer", "adam", "--checkpoint", "{dir}/ck.json"]),
        new("diverging without scaling", ExitCode.UsageError, "(try --standardize --lr auto, or --lr", ["train", "{data}", "--lr", "100"]),
        new("diverging mini-batches without scaling", ExitCode.TrainingDiverged, "or --standardize", ["train", "{data}", "--lr", "100", "--batch-size", "1", "--quiet"]),

        // Outputs.
        new("model folder missing", ExitCode.OutputError, "the folder {dir}/nope does not exist", ["train", "{data}", "--model", "{dir}/nope/m.json"]),
        new("model is a folder", ExitCode.OutputError, "is a folder; give a file name", ["train", "{data}", "--model", "{dir}"]),
        new("model over the input", ExitCode.OutputError, "is this run's input; refusing to overwrite it", ["train", "{data}", "--model", "{data}"]),
        new("log over the input", ExitCode.OutputError, "refusing to overwrite", ["train", "{data}", "--log", "{data}"]),
        new("model and log the same", ExitCode.UsageError, "--model and --log name the same file", ["train", "{data}", "--model", "{dir}/a.json", "--log", "{dir}/a.json"]),
        new("cuda without cuda", ExitCode.EnvironmentError, "--device cuda: no CUDA device is usable", ["train", "{data}", "--device", "cuda", "--model", "{dir}/new.json"]),
        new("resume missing", ExitCode.UsageError, "{dir}/ck.json: file not found", ["train", "{data}", "--resume", "{dir}/ck.json"]),
        new("resume from a model", ExitCode.UsageError, "not a linreg checkpoint", ["train", "{data}", "--resume", "{model}"], Model: ValidModel),

        // Several files, statistics files.
        new("pattern matches nothing", ExitCode.DataError, "DATA {dir}/*.parquet: no file matches this pattern", ["train", "{dir}/*.parquet"]),
        new("a file twice", ExitCode.UsageError, "is given more than once", ["train", "{data}", "{data}"]),
        new("standard input and a file", ExitCode.UsageError, "- (standard input) cannot be read together with other files", ["train", "-", "{data}"]),
        new("files of other columns", ExitCode.DataError, "{model}: its columns (a, b) differ from {data}'s (x, y)", ["train", "{data}", "{model}"], Model: "a,b\n1,2\n"),
        new("stats without an output", ExitCode.UsageError, "--output", ["stats", "{data}"]),
        new("stats over the input", ExitCode.OutputError, "is this run's input; refusing to overwrite it", ["stats", "{data}", "-o", "{data}"]),
        new("stats of a header only", ExitCode.DataError, "{data}: no rows to summarise", ["stats", "{data}", "-o", "{dir}/d.stats"], Data: "x,y\n"),
        new("statistics file missing", ExitCode.DataError, "{missing}: file not found (make one with 'linreg stats DATA -o {missing}')", ["train", "--from-stats", "{missing}"]),
        new("statistics truncated", ExitCode.DataError, "{model}:1: not a linreg statistics file (invalid or truncated JSON)", ["train", "--from-stats", "{model}"], Model: ValidStats[..120]),
        new("statistics of a newer schema", ExitCode.DataError, "schema version 3 was written by a newer linreg", ["train", "--from-stats", "{model}"], Model: ValidStats.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 3", StringComparison.Ordinal)),
        new("a model as statistics", ExitCode.DataError, "not a linreg statistics file (no \"format\": \"linreg-stats\")", ["train", "--from-stats", "{model}"], Model: ValidModel),
        new("statistics with a robust error", ExitCode.UsageError, "--from-stats --se hc3 needs every row's residual", ["train", "--from-stats", "{model}", "--se", "hc3"], Model: ValidStats),
        new("statistics streamed", ExitCode.UsageError, "--from-stats --stream reads rows", ["train", "--from-stats", "{model}", "--stream"], Model: ValidStats),
        new("statistics split", ExitCode.UsageError, "--from-stats --validation-split holds out rows", ["train", "--from-stats", "{model}", "--validation-split", "0.2"], Model: ValidStats),
        new("statistics alpha search", ExitCode.UsageError, "--from-stats --alpha auto cuts the rows into folds", ["train", "--from-stats", "{model}", "--penalty", "l2", "--alpha", "auto"], Model: ValidStats),
        new("statistics folds", ExitCode.UsageError, "--from-stats --cv cuts the rows into folds", ["train", "--from-stats", "{model}", "--cv", "3"], Model: ValidStats),
        new("statistics and data", ExitCode.UsageError, "--from-stats fits from statistics instead of DATA", ["train", "{data}", "--from-stats", "{model}"], Model: ValidStats),
        new("statistics by gradient descent", ExitCode.UsageError, "--from-stats fits with the exact solver", ["train", "--from-stats", "{model}", "--solver", "gd"], Model: ValidStats),
        new("statistics with other columns", ExitCode.UsageError, "the columns were chosen when the statistics were made", ["train", "--from-stats", "{model}", "--features", "x"], Model: ValidStats),
        new("statistics with an intercept", ExitCode.UsageError, "--no-intercept: {model} holds statistics with an intercept", ["train", "--from-stats", "{model}", "--no-intercept"], Model: ValidStats),
        new("model over the statistics", ExitCode.OutputError, "is this run's input", ["train", "--from-stats", "{model}", "-o", "{model}"], Model: ValidStats),

        // Models for predict.
        new("model missing", ExitCode.ModelError, "{dir}/none.json: file not found", ["predict", "--model", "{dir}/none.json", "{data}"]),
        new("model a folder", ExitCode.ModelError, "is a folder, not a linreg model file", ["predict", "--model", "{dir}", "{data}"]),
        new("model truncated", ExitCode.ModelError, "not a linreg model file (invalid or truncated JSON)", ["predict", "--model", "{model}", "{data}"], Model: ValidModel[..40]),
        new("model not JSON", ExitCode.ModelError, "invalid or truncated JSON", ["predict", "--model", "{model}", "{data}"], Model: "W=2 b=0\n"),
        new("model empty", ExitCode.ModelError, "invalid or truncated JSON", ["predict", "--model", "{model}", "{data}"], Model: ""),
        new("model of a newer schema", ExitCode.ModelError, "schema version 3 was written by a newer linreg", ["predict", "--model", "{model}", "{data}"], Model: ValidModel.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 3", StringComparison.Ordinal)),
        new("model of another format", ExitCode.ModelError, "not a linreg model file (no \"format\"", ["predict", "--model", "{model}", "{data}"], Model: "{\"weight\": [[2.0]], \"bias\": [0.0]}"),
        new("model weights mismatch", ExitCode.ModelError, "2 weight(s) for 1 feature(s)", ["predict", "--model", "{model}", "{data}"], Model: ValidModel.Replace("[2]", "[2, 3]", StringComparison.Ordinal)),
        new("features not in the data", ExitCode.ModelError, "has no column 'x'", ["predict", "--model", "{model}", "{data}"], Data: "a,b\n1,2\n", Model: ValidModel),
        new("too few columns", ExitCode.ModelError, "rows have 1 column(s) but the model", ["predict", "--model", "{model}", "{data}"], Data: "1\n2\n", Model: ValidModel.Replace("[\"x\"], \"weights\": [2]", "[\"a\", \"b\"], \"weights\": [2, 1]", StringComparison.Ordinal)),
        new("predict non-numeric", ExitCode.DataError, "{data}:3:1: column 'x' has 'four'", ["predict", "--model", "{model}", "{data}"], Data: "x\n1\nfour\n", Model: ValidModel),
        new("predict missing data", ExitCode.DataError, "{missing}: file not found", ["predict", "--model", "{model}", "{missing}"], Model: ValidModel),
        new("predict no model option", ExitCode.UsageError, "--model", ["predict", "{data}"]),
        new("evaluate without the target", ExitCode.ModelError, "has no column 'y', the target of the model", ["evaluate", "--model", "{model}", "{data}"], Data: "x,z\n1,2\n", Model: ValidModel),
        new("evaluate on nothing", ExitCode.DataError, "no rows to evaluate on", ["evaluate", "--model", "{model}", "{data}", "--missing", "drop"], Data: "x,y\n1,\n", Model: ValidModel),

        // Demos.
        new("seeds not numbers", ExitCode.UsageError, "--seeds expects whole numbers separated by commas, such as 3,5,3, not 'x'", ["seed-demo", "--seeds", "3,x"]),
        new("no seeds", ExitCode.UsageError, "--seeds names no seed", ["seed-demo", "--seeds", ","]),
        new("count zero", ExitCode.UsageError, "--count must be at least 1", ["seed-demo", "--count", "0"]),
        new("steps zero", ExitCode.UsageError, "--steps must be at least 1", ["grad-demo", "--steps", "0"]),
        new("steps not a number", ExitCode.UsageError, "--steps expects a whole number", ["grad-demo", "--steps", "many"]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_refused_cleanly(BadCase bad)
    {
        using var temp = new TempFolder();
        var data = temp.File("data.csv");
        var model = temp.File("model.json");
        if (bad.Data is not null)
        {
            File.WriteAllBytes(data, Encoding.UTF8.GetBytes(bad.Data));
        }

        if (bad.Model is not null)
        {
            File.WriteAllText(model, bad.Model);
        }

        var before = Snapshot(temp.Path);
        string Fill(string text) => text
            .Replace("{data}", data, StringComparison.Ordinal)
            .Replace("{model}", model, StringComparison.Ordinal)
            .Replace("{missing}", temp.File("missing.csv"), StringComparison.Ordinal)
            .Replace("{dir}", temp.Path, StringComparison.Ordinal);

        var result = CliRunner.RunWithInput(bad.Stdin ?? string.Empty, [.. bad.Args.Select(Fill)]);

        Assert.True((int)bad.Code == result.ExitCode, $"{bad.Name}: expected exit {(int)bad.Code}, got {result.ExitCode}: {result.Error}");
        Assert.StartsWith("linreg: error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(Fill(bad.Message), result.ErrorLine, StringComparison.Ordinal);
        Assert.InRange(result.Error.Count(c => c == '\n'), 1, 2);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(temp.Path));
    }

    [Fact]
    public void The_corpus_is_large_enough_to_mean_something() => Assert.True(Cases.Count >= 60, $"{Cases.Count} cases");

    /// <summary>Every file under the folder with its bytes: nothing may appear, disappear or change.</summary>
    private static string Snapshot(string folder) => string.Join(
        '\n',
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order().Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(File.ReadAllBytes(f))}"));
}
