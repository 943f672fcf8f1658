using System.Globalization;
using System.Text.Json;
using Linreg.Core;
using Linreg.Core.Models;
using Linreg.Tests;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Linreg.Cli.Tests;

/// <summary>
/// export -o m.onnx on every model of Fixtures/onnx/models.tsv: ONNX Runtime for .NET predicts what linreg predict
/// does, and what the peer's ONNX Runtime (make_onnx.py, Python) predicted from the same graph.
/// </summary>
public sealed class OnnxExportTests : IDisposable
{
    /// <summary>The bar: float32 holds about 7 digits, and a linear model loses none of them to cancellation here.</summary>
    private const double Tolerance = 1e-6;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Linreg.Cli.Tests", "Fixtures", "onnx");

    public static TheoryData<string> Models => [.. Cases().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_predicts_what_linreg_predict_does_and_what_the_peer_runtime_did(string name)
    {
        var (_, data, command, options) = Cases().Single(c => c.Name == name);
        var model = _temp.File(name + ".json");
        var make = CliRunner.Run([.. command.Split(' ').Select(word => word.Replace("{data}", data, StringComparison.Ordinal).Replace("{model}", model, StringComparison.Ordinal)).Select(Rooted), "--quiet"]);
        Assert.True(make.ExitCode == 0, make.Error);
        var onnx = _temp.File(name + ".onnx");
        var export = CliRunner.Run(["export", "--model", model, "-o", onnx, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.True(export.ExitCode == 0, export.Error);
        var float64 = options.Contains("float64", StringComparison.Ordinal);
        Assert.Contains($"linreg: wrote {onnx} (ONNX, opset 13): input \"input\" {(float64 ? "float64" : "float32")} [N, ", export.Error, StringComparison.Ordinal);

        // What make_onnx.py checked and ran is what linreg writes now (all but the version that produced it).
        var written = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        var checkedByPeer = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(Folder, name + ".onnx")));
        Assert.Equal(checkedByPeer.Graph, written.Graph);
        Assert.Equal(checkedByPeer.MetadataProps, written.MetadataProps);
        Assert.Equal(checkedByPeer.DocString, written.DocString);

        var predict = CliRunner.Run("predict", "--model", model, Rooted(data));
        Assert.True(predict.ExitCode == 0, predict.Error);
        var predicted = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        using var peer = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".expected.json")));
        var features = peer.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Equal(JsonSerializer.Serialize(features), written.MetadataProps.Single(p => p.Key == "features").Value);
        var peerOutputs = peer.RootElement.GetProperty("outputs").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var outputs = float64 ? Run(onnx, Columns(Rooted(data), features), features.Length) : Run(onnx, [.. Columns(Rooted(data), features).Select(v => (float)v)], features.Length);

        // float64 rounds nothing but the sums: then the outputs are linreg's to the last digits.
        var tolerance = float64 ? 1e-12 : Tolerance;
        Assert.Equal(predicted.Length, outputs.Length);
        Assert.Equal(peerOutputs.Length, outputs.Length);
        Assert.True(Worst(outputs, predicted) <= tolerance, $"ONNX Runtime differs from linreg predict by {Worst(outputs, predicted):G3} relative");
        Assert.True(Worst(outputs, peerOutputs) <= tolerance, $"ONNX Runtime for .NET differs from the peer's by {Worst(outputs, peerOutputs):G3} relative");
    }

    [Fact]
    public void Every_model_is_run_by_the_peer()
    {
        Assert.Equal(7, Cases().Count());
        foreach (var (name, _, _, _) in Cases())
        {
            Assert.True(File.Exists(Path.Combine(Folder, name + ".expected.json")), $"{name}: run make_onnx.py in the peer chroot");
        }
    }

    [Fact]
    public void A_full_disk_is_an_output_error_and_an_explicit_format_wins_over_the_name()
    {
        var model = _temp.File("seed.json");
        var train = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--model", model, "--quiet");
        Assert.True(train.ExitCode == 0, $"train: {train.ExitCode} {train.Error}");
        if (File.Exists("/dev/full"))
        {
            var full = CliRunner.Run("export", "--model", model, "--format", "onnx", "-o", "/dev/full");
            Assert.True(full.ExitCode == (int)ExitCode.OutputError, $"/dev/full: {full.ExitCode} {full.Error}");
            Assert.StartsWith("linreg: error: --output /dev/full: cannot write (No space left on device", full.ErrorLine, StringComparison.Ordinal);
        }

        var named = _temp.File("model.bin");
        var export = CliRunner.Run("export", "--model", model, "--format", "onnx", "-o", named, "--quiet");
        Assert.True(export.ExitCode == 0, $"export: {export.ExitCode} {export.Error}");
        Assert.Equal("linreg", ModelProto.Parser.ParseFrom(File.ReadAllBytes(named)).ProducerName);
    }

    [Fact]
    public void A_float64_state_dict_imports_back_to_the_same_weights()
    {
        var model = _temp.File("study.json");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("study.csv"), "--solver", "lstsq", "--model", model, "--quiet").ExitCode);
        var pt = _temp.File("study.pt");
        var export = CliRunner.Run("export", "--model", model, "-o", pt, "--dtype", "float64");
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("weight [1, 3] and bias [1], float64", export.Error, StringComparison.Ordinal);
        var imported = _temp.File("imported.json");
        Assert.Equal(0, CliRunner.Run("import", pt, "-o", imported, "--features", "hours_studied,hours_slept,previous_score", "--target", "exam_score", "--quiet").ExitCode);
        Assert.Equal(ModelFile.Load(model).Model.Weights, ModelFile.Load(imported).Model.Weights);
        Assert.Equal(ModelFile.Load(model).Model.Bias, ModelFile.Load(imported).Model.Bias);
    }

    /// <summary>The peer's outputs, as ONNX Runtime for .NET computes them: the rows as a tensor [N, k] of float or double.</summary>
    private static double[] Run<T>(string onnx, T[] rows, int k)
        where T : unmanaged, IConvertible
    {
        using var session = new InferenceSession(onnx);
        using var input = OrtValue.CreateTensorValueFromMemory(rows, [rows.Length / k, k]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["input"], [input], ["output"]);
        Assert.Equal([rows.Length / k, 1], results[0].GetTensorTypeAndShape().Shape);
        return [.. results[0].GetTensorDataAsSpan<T>().ToArray().Select(v => v.ToDouble(CultureInfo.InvariantCulture))];
    }

    /// <summary>The named columns of a plain numeric CSV with a header, row by row, parsed as linreg and pandas parse them.</summary>
    private static double[] Columns(string csv, string[] names)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var index = names.Select(n => Array.IndexOf(header, n)).ToArray();
        return [.. lines.Skip(1).Where(l => l.Length > 0).SelectMany(l => index.Select(i => double.Parse(l.Split(',')[i], CultureInfo.InvariantCulture)))];
    }

    private static double Worst(double[] actual, double[] expected) =>
        actual.Zip(expected, (a, e) => Math.Abs(a - e) / Math.Abs(e)).Max();

    /// <summary>models.tsv names files from the repository root, as export_models.sh runs there.</summary>
    private static string Rooted(string word) =>
        word.StartsWith("examples/", StringComparison.Ordinal) || word.StartsWith("tests/", StringComparison.Ordinal) ? Path.Combine(RepoPaths.Root, word) : word;

    private static IEnumerable<(string Name, string Data, string Command, string ExportOptions)> Cases() =>
        File.ReadLines(Path.Combine(Folder, "models.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => (f[0], f[1], f[2], f.Length > 4 ? f[4] : string.Empty));
}
