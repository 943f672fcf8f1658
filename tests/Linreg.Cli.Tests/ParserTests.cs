using System.CommandLine;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Runtime;
using Linreg.Core.Training;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

public class ParserTests
{
    private static readonly RootCommand Root = LinregCli.BuildRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, () => Stream.Null));

    private static ParseResult Parse(string commandLine) => Root.Parse(commandLine);

    private static T Value<T>(ParseResult result, string name) =>
        typeof(T).IsEnum ? (T)(object)(result.GetValue<Enum>(name) ?? (Enum)(object)default(T)!) : result.GetValue<T>(name)!;

    [Fact]
    public void Train_defaults_are_the_lessons()
    {
        var result = Parse("train data.csv");
        Assert.Empty(result.Errors);
        Assert.Equal(["data.csv"], Value<string[]>(result, "DATA"));
        Assert.Equal(0.01, Value<double>(result, "--lr"));
        Assert.Equal(2000, Value<int>(result, "--epochs"));
        Assert.Equal(1L, Value<long>(result, "--seed"));
        Assert.Equal(100, Value<int>(result, "--log-every"));
        Assert.Equal(DeviceChoice.Cpu, Value<DeviceChoice>(result, "--device"));
        Assert.Null(result.GetValue<string?>("--model"));
    }

    [Fact]
    public void Several_data_files_and_statistics_files_bind()
    {
        var several = Parse("train a.csv p/*.csv b.csv --solver lstsq");
        Assert.Empty(several.Errors);
        Assert.Equal(["a.csv", "p/*.csv", "b.csv"], Value<string[]>(several, "DATA"));
        var fromStats = Parse("train --from-stats a.stats b.stats --json");
        Assert.Empty(fromStats.Errors);
        Assert.Equal(["a.stats", "b.stats"], Value<string[]>(fromStats, "--from-stats"));
        Assert.Empty(Value<string[]>(fromStats, "DATA"));
        var stats = Parse("stats - -o - --no-intercept --features a,b");
        Assert.Empty(stats.Errors);
        Assert.Equal(["-"], Value<string[]>(stats, "DATA"));
        Assert.Equal("-", Value<string>(stats, "--output"));
    }

    [Fact]
    public void Train_options_bind()
    {
        var result = Parse("train - --lr 1e-5 --epochs 10 --seed 7 --log-every 0 --device auto -o m.json --log steps.csv --target y --features a,b -d ; --no-header --missing drop");
        Assert.Empty(result.Errors);
        Assert.Equal(["-"], Value<string[]>(result, "DATA"));
        Assert.Equal(1e-5, Value<double>(result, "--lr"));
        Assert.Equal(10, Value<int>(result, "--epochs"));
        Assert.Equal(7L, Value<long>(result, "--seed"));
        Assert.Equal(0, Value<int>(result, "--log-every"));
        Assert.Equal(DeviceChoice.Auto, Value<DeviceChoice>(result, "--device"));
        Assert.Equal("m.json", Value<string>(result, "--model"));
        Assert.Equal("steps.csv", Value<string>(result, "--log"));
        Assert.Equal("a,b", Value<string>(result, "--features"));
        Assert.Equal(";", Value<string>(result, "--delimiter"));
        Assert.True(Value<bool>(result, "--no-header"));
        Assert.Equal(MissingValuePolicy.Drop, Value<MissingValuePolicy>(result, "--missing"));
    }

    [Fact]
    public void Real_data_options_bind()
    {
        var result = Parse("train d.csv --init linear --optimizer adam --batch-size 32 --shuffle --standardize --tolerance 1e-6 --patience 3 --solver lstsq --validation-split 0.2");
        Assert.Empty(result.Errors);
        Assert.Equal(InitMode.Linear, Value<InitMode>(result, "--init"));
        Assert.Equal(OptimizerKind.Adam, Value<OptimizerKind>(result, "--optimizer"));
        Assert.Equal(32, Value<int>(result, "--batch-size"));
        Assert.True(Value<bool>(result, "--shuffle"));
        Assert.True(Value<bool>(result, "--standardize"));
        Assert.Equal(1e-6, result.GetValue<double?>("--tolerance"));
        Assert.Equal(3, Value<int>(result, "--patience"));
        Assert.Equal(SolverKind.Lstsq, Value<SolverKind>(result, "--solver"));
        Assert.Equal(0.2, result.GetValue<double?>("--validation-split"));
        Assert.Equal(DataType.Float64, Value<DataType>(Parse("train d.csv --dtype FLOAT64"), "--dtype"));
        Assert.Equal(0.9, Parse("train d.csv --momentum 0.9").GetValue<double?>("--momentum"));
        Assert.Equal("v.csv", Value<string>(Parse("train d.csv --validation v.csv"), "--validation"));
    }

    [Fact]
    public void Real_data_defaults_are_the_lessons()
    {
        var result = Parse("train d.csv");
        Assert.Equal(InitMode.Zeros, Value<InitMode>(result, "--init"));
        Assert.Equal(OptimizerKind.Sgd, Value<OptimizerKind>(result, "--optimizer"));
        Assert.Null(result.GetValue<double?>("--momentum"));
        Assert.Equal(0, Value<int>(result, "--batch-size"));
        Assert.False(Value<bool>(result, "--shuffle"));
        Assert.False(Value<bool>(result, "--standardize"));
        Assert.Null(result.GetValue<double?>("--tolerance"));
        Assert.Equal(SolverKind.Gd, Value<SolverKind>(result, "--solver"));
    }

    [Fact]
    public void Enum_options_default_to_what_core_defaults_to()
    {
        // An absent enum option is bound as default(TEnum), so Core's enums must keep their default first.
        var train = Parse("train d.csv");
        var defaults = new TrainSettings();
        Assert.Equal(defaults.Device, Value<DeviceChoice>(train, "--device"));
        Assert.Equal(defaults.Init, Value<InitMode>(train, "--init"));
        Assert.Equal(defaults.Optimizer, Value<OptimizerKind>(train, "--optimizer"));
        Assert.Equal(defaults.Solver, Value<SolverKind>(train, "--solver"));
        Assert.Equal(defaults.CostFrom, Value<CostSource>(train, "--cost-from"));
        Assert.Equal(defaults.DType, Value<DataType>(train, "--dtype"));
        Assert.Equal(new TrainJobSettings { Data = ["d.csv"] }.Missing, Value<MissingValuePolicy>(train, "--missing"));
        Assert.Equal(new PredictJobSettings { ModelPath = "m.json" }.Output, Value<PredictionFormat>(Parse("predict -m m.json"), "--format"));
        Assert.Equal(new ExportJobSettings { ModelPath = "m.json", OutputPath = "m.pt" }.Format, Value<ExportFormat>(Parse("export -m m.json -o m.pt"), "--format"));
    }

    [Theory]
    [InlineData("train d.csv --cost-from MOMENTS", CostSource.Moments)]
    [InlineData("train d.csv --cost-from rows", CostSource.Rows)]
    [InlineData("train d.csv --cost-from auto", CostSource.Auto)]
    public void Enum_options_parse_their_words_in_any_case(string commandLine, CostSource expected)
    {
        var result = Parse(commandLine);
        Assert.Empty(result.Errors);
        Assert.Equal(expected, Value<CostSource>(result, "--cost-from"));
    }

    [Fact]
    public void Export_formats_bind_to_their_values()
    {
        ExportFormat Format(string word)
        {
            var result = Parse($"export -m m.json -o m.bin --format {word}");
            Assert.Empty(result.Errors);
            return Value<ExportFormat>(result, "--format");
        }

        Assert.Equal(ExportFormat.Pt, Format("pt"));
        Assert.Equal(ExportFormat.Safetensors, Format("SafeTensors"));
        Assert.Equal(ExportFormat.Onnx, Format("ONNX"));
        Assert.Equal(ExportFormat.Auto, Format("auto"));
    }

    [Theory]
    [InlineData("train d.csv --lr abc", "--lr expects a number such as 0.01, or auto, not 'abc'")]
    [InlineData("train d.csv --lr NaN", "--lr expects a number")]
    [InlineData("train d.csv --epochs 2.5", "--epochs expects a whole number")]
    [InlineData("train d.csv --seed x", "--seed expects a whole number")]
    [InlineData("train d.csv --device tpu", "tpu")]
    [InlineData("train d.csv --missing skip", "skip")]
    [InlineData("train d.csv --cost-from both", "--cost-from must be one of auto, rows, moments (got 'both')")]
    [InlineData("train d.csv --dtype float16", "--dtype must be one of float32, float64 (got 'float16')")]
    [InlineData("predict -m m.json --format xml", "--format must be one of text, csv, json (got 'xml')")]
    [InlineData("export -m m.json -o m.pt --format tflite", "--format must be one of pt, safetensors, onnx, auto (got 'tflite')")]
    [InlineData("train d.csv -d x", "--delimiter must be one of")]
    [InlineData("train d.csv --header --no-header", "contradict")]
    [InlineData("stats -o s.stats", "DATA")]
    [InlineData("stats d.csv", "--output")]
    [InlineData("train d.csv --learning-rate 0.1", "unknown option '--learning-rate'")]
    [InlineData("predict d.csv", "--model")]
    [InlineData("seed-demo --seeds 3,x", "--seeds expects whole numbers")]
    [InlineData("train d.csv --bogus", "--bogus")]
    public void Bad_arguments_are_parse_errors_that_say_what_is_wrong(string commandLine, string expected)
    {
        var result = Parse(commandLine);
        Assert.NotEmpty(result.Errors);
        Assert.Contains(result.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    /// <summary>
    /// A value of the right type but out of range parses: Core refuses it, with the one wording the library's users
    /// read too, as a usage error before any work.
    /// </summary>
    [Theory]
    [InlineData("train {seed} --lr 0", "--lr must be greater than 0, e.g. 0.01 (got 0)")]
    [InlineData("train {seed} --lr -0.1", "--lr must be greater than 0, e.g. 0.01 (got -0.1)")]
    [InlineData("train {seed} --epochs 0", "--epochs must be at least 1 (got 0)")]
    [InlineData("train {seed} --log-every -1", "--log-every must be at least 0 (got -1)")]
    [InlineData("train {seed} --batch-size -5", "--batch-size must be at least 0 (got -5)")]
    [InlineData("train {seed} --momentum 1", "--momentum must be in [0, 1) (got 1)")]
    [InlineData("train {seed} --tolerance -1", "--tolerance must be 0 or more (got -1)")]
    [InlineData("train {seed} --patience 0", "--patience must be at least 1 (got 0)")]
    [InlineData("train {seed} --dtype float64 --solver lstsq", "--dtype float64 applies to --solver gd: --solver lstsq always solves in float64; give no --dtype with it")]
    [InlineData("train {seed} --validation-split 1", "--validation-split must be between 0 and 1, e.g. 0.2 (got 1)")]
    [InlineData("train {seed} --checkpoint-every 0 --checkpoint {temp}/ck.json", "--checkpoint-every must be at least 1 (got 0)")]
    [InlineData("seed-demo --count 0", "--count must be at least 1 (got 0)")]
    [InlineData("grad-demo --steps 0", "--steps must be at least 1 (got 0)")]
    [InlineData("plot -m {temp}/m.json {seed} -o {temp}/fit.png --width 10", "--width must be between 200 and 8000 pixels (got 10)")]
    public void Out_of_range_values_parse_and_core_refuses_them(string commandLine, string expected)
    {
        using var temp = new TempFolder();
        var args = commandLine.Replace("{seed}", RepoPaths.Examples("seed.csv"), StringComparison.Ordinal).Replace("{temp}", temp.Path, StringComparison.Ordinal).Split(' ');
        Assert.Empty(Root.Parse(args).Errors);
        var result = CliRunner.Run(args);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Equal($"linreg: error: {expected}\n", result.Error);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Seed_demo_defaults_and_lists()
    {
        Assert.Equal([3L, 5L, 3L], Value<long[]>(Parse("seed-demo"), "--seeds"));
        Assert.Equal([1L, 2L], Value<long[]>(Parse("seed-demo --seeds 1,2"), "--seeds"));
        Assert.Equal(2, Value<int>(Parse("seed-demo"), "--count"));
    }
}
