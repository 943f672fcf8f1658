using System.Globalization;
using System.Text.Json;
using Linreg.Core;
using Linreg.Tests;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Linreg.Cli.Tests;

/// <summary>
/// export -o m.onnx on every model of Fixtures/onnx/designs.tsv (categories, formulas): the graph takes one input
/// per column, and ONNX Runtime for .NET predicts what linreg predict does, and what the peer's ONNX Runtime did
/// (make_onnx.py, which also compared it with statsmodels' ols(formula).predict).
/// </summary>
public sealed class OnnxDesignExportTests : IDisposable
{
    /// <summary>
    /// float32: 1e-6 of the row's sum of |coefficient × design column|, which is what float32 rounds relative to: the
    /// terms of a small firm's investment cancel (2 from 3000 × 0.1 − …), so 1e-6 of the prediction itself is out of
    /// float32's reach, for any runtime. float64: 1e-12 of the prediction itself, the bar and more.
    /// </summary>
    private const double Float32Tolerance = 1e-6;

    private const double Float64Tolerance = 1e-12;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Linreg.Cli.Tests", "Fixtures", "onnx");

    public static TheoryData<string> Models => [.. Cases().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_predicts_from_the_columns_what_linreg_predict_does_and_what_the_peer_runtime_did(string name)
    {
        var (model, onnx, data, float64) = Export(name);

        // What make_onnx.py checked and ran is what linreg writes now (all but the version that produced it).
        var written = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        var checkedByPeer = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(Folder, name + ".onnx")));
        Assert.Equal(checkedByPeer.Graph, written.Graph);
        Assert.Equal(checkedByPeer.MetadataProps, written.MetadataProps);
        Assert.Equal(checkedByPeer.DocString, written.DocString);

        var predict = CliRunner.Run("predict", "--model", model, data);
        Assert.True(predict.ExitCode == 0, predict.Error);
        var predicted = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        using var peer = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".expected.json")));
        var inputs = peer.RootElement.GetProperty("inputs").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Equal(JsonSerializer.Serialize(inputs), written.MetadataProps.Single(p => p.Key == "inputs").Value);
        Assert.Equal(inputs, written.Graph.Input.Select(i => i.Name));
        var peerOutputs = Doubles(peer.RootElement, "outputs");
        var outputs = Run(onnx, data, float64);

        // Relative to the prediction in float64; in float32, to the row's terms (the peer's patsy design, as make_onnx.py measured).
        var scale = float64 ? predicted.Select(Math.Abs).ToArray() : Doubles(peer.RootElement, "scale");
        var tolerance = float64 ? Float64Tolerance : Float32Tolerance;
        Assert.Equal(predicted.Length, outputs.Length);
        Assert.Equal(peerOutputs.Length, outputs.Length);
        Assert.True(Worst(outputs, predicted, scale) <= tolerance, $"ONNX Runtime differs from linreg predict by {Worst(outputs, predicted, scale):G3}");
        Assert.True(Worst(outputs, peerOutputs, scale) <= tolerance, $"ONNX Runtime for .NET differs from the peer's by {Worst(outputs, peerOutputs, scale):G3}");
    }

    [Fact]
    public void Every_model_is_run_by_the_peer()
    {
        Assert.Equal(14, Cases().Count());
        foreach (var (name, _, _, _, _) in Cases())
        {
            Assert.True(File.Exists(Path.Combine(Folder, name + ".expected.json")), $"{name}: run make_onnx.py in the peer chroot");
        }
    }

    [Fact]
    public void A_level_the_model_never_saw_is_an_error_of_the_runtime_as_it_is_of_predict()
    {
        var (_, onnx, data, _) = Export("design-grunfeld");
        var columns = Table(data);
        columns["firm"][0] = "Studebaker";
        var error = Assert.ThrowsAny<OnnxRuntimeException>(() => Run(onnx, columns, float64: false));
        Assert.Contains("Unknown Category", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_export_names_each_input_and_its_type()
    {
        var (_, onnx, _, _) = Export("design-grunfeld-terms");
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        Assert.Equal(["value", "capital", "firm"], model.Graph.Input.Select(i => i.Name));
        Assert.Equal((int)TensorProto.Types.DataType.String, model.Graph.Input[2].Type.TensorType.ElemType);
        Assert.Contains(model.OpsetImport, o => o.Domain == "ai.onnx.ml" && o.Version == 1);
        Assert.StartsWith("{\"firm\":[\"American Steel\",", model.MetadataProps.Single(p => p.Key == "levels").Value, StringComparison.Ordinal);
        Assert.Equal("invest ~ value*capital + I(value**2) + np.log(capital) + C(firm):value", model.MetadataProps.Single(p => p.Key == "formula").Value);
    }

    [Fact]
    public void A_column_named_as_one_of_the_graphs_own_values_is_refused_in_one_line_and_nothing_is_written()
    {
        var data = _temp.File("named.csv");
        File.WriteAllText(data, "y,weight,g\n1,2,a\n2,3.5,b\n4,5,a\n5,7,b\n7,8.5,a\n");
        var model = _temp.File("named.json");
        var train = CliRunner.Run("train", data, "--formula", "y ~ weight + C(g)", "--solver", "lstsq", "-o", model, "--quiet");
        Assert.True(train.ExitCode == 0, train.Error);
        var onnx = _temp.File("named.onnx");
        var export = CliRunner.Run("export", "--model", model, "-o", onnx);
        Assert.Equal((int)ExitCode.ModelError, export.ExitCode);
        Assert.StartsWith("linreg: error: column 'weight' cannot be an input of the ONNX graph", export.ErrorLine, StringComparison.Ordinal);
        Assert.Single(export.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(onnx));
    }

    private (string Model, string Onnx, string Data, bool Float64) Export(string name)
    {
        var (_, data, formula, options, exportOptions) = Cases().Single(c => c.Name == name);
        data = Path.Combine(RepoPaths.Root, data);
        var model = _temp.File(name + ".json");
        string[] formulaOption = formula.Length > 0 ? ["--formula", formula] : [];
        var train = CliRunner.Run(["train", data, .. formulaOption, .. Words(options), "-o", model, "--quiet"]);
        Assert.True(train.ExitCode == 0, train.Error);
        var onnx = _temp.File(name + ".onnx");
        var export = CliRunner.Run(["export", "--model", model, "-o", onnx, .. Words(exportOptions)]);
        Assert.True(export.ExitCode == 0, export.Error);
        var float64 = exportOptions.Contains("float64", StringComparison.Ordinal);
        Assert.Contains($"linreg: wrote {onnx} (ONNX, opset 13 and ai.onnx.ml 1): one input per column, ", export.Error, StringComparison.Ordinal);
        return (model, onnx, data, float64);
    }

    private static double[] Run(string onnx, string data, bool float64) => Run(onnx, Table(data), float64);

    /// <summary>The graph's outputs for the table's rows: each input its column, [N, 1], as text, float or double.</summary>
    private static double[] Run(string onnx, Dictionary<string, string[]> columns, bool float64)
    {
        using var session = new InferenceSession(onnx);
        var names = session.InputNames.ToArray();
        var rows = columns.Values.First().Length;
        var values = new List<OrtValue>();
        try
        {
            foreach (var name in names)
            {
                var cells = columns[name];
                var text = session.InputMetadata[name].ElementDataType == TensorElementType.String;
                values.Add(text
                    ? OrtValue.CreateFromStringTensor(new DenseTensor<string>(cells, [rows, 1]))
                    : float64
                        ? OrtValue.CreateTensorValueFromMemory(cells.Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray(), [rows, 1])
                        : OrtValue.CreateTensorValueFromMemory(cells.Select(c => float.Parse(c, CultureInfo.InvariantCulture)).ToArray(), [rows, 1]));
            }

            using var options = new RunOptions();
            using var results = session.Run(options, names, values, ["output"]);
            Assert.Equal([rows, 1], results[0].GetTensorTypeAndShape().Shape);
            return float64
                ? [.. results[0].GetTensorDataAsSpan<double>().ToArray()]
                : [.. results[0].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)];
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    /// <summary>The cells of a plain CSV with a header (no quotes), column by column, as text.</summary>
    private static Dictionary<string, string[]> Table(string csv)
    {
        var lines = File.ReadAllLines(csv).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        return header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => lines.Skip(1).Select(l => l.Split(',')[c.i]).ToArray());
    }

    private static double[] Doubles(JsonElement root, string name) => [.. root.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    private static double Worst(double[] actual, double[] expected, double[] scale) =>
        actual.Select((a, i) => Math.Abs(a - expected[i]) / scale[i]).Max();

    private static string[] Words(string options) => options.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<(string Name, string Data, string Formula, string Options, string ExportOptions)> Cases() =>
        File.ReadLines(Path.Combine(Folder, "designs.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => (f[0], f[1], f[2], f[3], f[5]));
}
