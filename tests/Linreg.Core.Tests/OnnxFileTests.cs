using System.Text.Json;
using Google.Protobuf;
using Linreg.Core.Interop;
using Linreg.Core.Models;
using Linreg.Core.Training;
using Linreg.Tests;
using Onnx;

namespace Linreg.Core.Tests;

/// <summary>The ONNX graph export writes, as protobuf: what it promises any runtime, without running one (OnnxExportTests runs two).</summary>
public sealed class OnnxFileTests
{
    [Fact]
    public void A_model_is_one_gemm_from_input_n_by_k_to_output_n_by_1_with_its_weights_rounded_to_float_once()
    {
        var model = new LinearModel(["a", "b,c", "d"], "y", [0.1, -2.5e-8, 0], 1.0 / 3) { Aliased = ["d"] };
        var onnx = OnnxFile.Build(model, "9.9.9");

        Assert.Equal((7L, 13L), (onnx.IrVersion, onnx.OpsetImport.Single(o => o.Domain.Length == 0).Version));
        Assert.Equal(("linreg", "9.9.9"), (onnx.ProducerName, onnx.ProducerVersion));
        var gemm = Assert.Single(onnx.Graph.Node);
        Assert.Equal("Gemm", gemm.OpType);
        Assert.Equal(["input", "weight", "bias"], gemm.Input);
        Assert.Equal(["output"], gemm.Output);
        Assert.Equal(1, gemm.Attribute.Single(a => a.Name == "transB").I);
        Assert.Equal(("input", "N", 3L), Shape(onnx.Graph.Input.Single()));
        Assert.Equal(("output", "N", 1L), Shape(onnx.Graph.Output.Single()));

        var weight = onnx.Graph.Initializer.Single(t => t.Name == "weight");
        Assert.Equal([1L, 3L], weight.Dims);
        Assert.Equal((int)TensorProto.Types.DataType.Float, weight.DataType);
        Assert.Equal([0.1f, -2.5e-8f, 0f], weight.FloatData);
        Assert.Equal([1f / 3], onnx.Graph.Initializer.Single(t => t.Name == "bias").FloatData);

        // The names whole, even with a comma in one, for a runtime's user to order the columns by.
        Assert.Equal(["a", "b,c", "d"], JsonSerializer.Deserialize<string[]>(onnx.MetadataProps.Single(p => p.Key == "features").Value)!);
        Assert.Equal("y", onnx.MetadataProps.Single(p => p.Key == "target").Value);
        Assert.Equal(onnx.ToByteArray(), OnnxFile.Build(model, "9.9.9").ToByteArray());
    }

    [Fact]
    public void A_standardized_model_is_its_line_in_the_data_units_and_a_line_through_the_origin_has_bias_0()
    {
        // x' = (x - 10) / 4 and y = 3 x' + 5 is y = 0.75 x - 2.5: the scaling is folded into the weights.
        var scaling = new ModelScaling([10.0], [4.0], [3.0], 5.0);
        var standardized = new LinearModel(["x"], "y", [0.75], -2.5) { Scaling = scaling };
        var graph = OnnxFile.Build(standardized, "1").Graph;
        Assert.Equal([0.75f], graph.Initializer.Single(t => t.Name == "weight").FloatData);
        Assert.Equal([-2.5f], graph.Initializer.Single(t => t.Name == "bias").FloatData);
        Assert.Equal(0.75 * 14 - 2.5, standardized.Predict([14.0]), 12);

        var origin = OnnxFile.Build(new LinearModel(["x"], "y", [2.0], 0) { HasIntercept = false }, "1");
        Assert.Equal([0f], origin.Graph.Initializer.Single(t => t.Name == "bias").FloatData);
        Assert.Contains("no intercept", origin.DocString, StringComparison.Ordinal);
    }

    [Fact]
    public void Float64_makes_every_tensor_double_and_keeps_the_weights_unrounded()
    {
        var model = new LinearModel(["a", "b"], "y", [0.1, Math.PI], 1.0 / 3);
        var onnx = OnnxFile.Build(model, "1", DataType.Float64);
        var doubleType = (int)TensorProto.Types.DataType.Double;
        Assert.All(onnx.Graph.Initializer, t => Assert.Equal(doubleType, t.DataType));
        Assert.All(onnx.Graph.Input.Concat(onnx.Graph.Output), v => Assert.Equal(doubleType, v.Type.TensorType.ElemType));
        Assert.Equal([0.1, Math.PI], onnx.Graph.Initializer.Single(t => t.Name == "weight").DoubleData);
        Assert.Equal([1.0 / 3], onnx.Graph.Initializer.Single(t => t.Name == "bias").DoubleData);
        Assert.Empty(onnx.Graph.Initializer.Single(t => t.Name == "weight").FloatData);
    }

    [Fact]
    public void Save_writes_the_bytes_through_an_atomic_file()
    {
        using var temp = new TempFolder();
        var path = temp.File("m.onnx");
        var model = new LinearModel(["x"], "y", [2.0], 1.0);
        OnnxFile.Save(model, "1", DataType.Float32, path, "--output", []);
        Assert.Equal(OnnxFile.Build(model, "1").ToByteArray(), File.ReadAllBytes(path));
        Assert.Equal(["m.onnx"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    private static (string Name, string Rows, long Columns) Shape(ValueInfoProto value)
    {
        var dims = value.Type.TensorType.Shape.Dim;
        Assert.Equal((int)TensorProto.Types.DataType.Float, value.Type.TensorType.ElemType);
        Assert.Equal(2, dims.Count);
        return (value.Name, dims[0].DimParam, dims[1].DimValue);
    }
}
