using System.Text.Json;
using Google.Protobuf;
using Linreg.Core.IO;
using Linreg.Core.Models;
using Linreg.Core.Training;
using Onnx;

namespace Linreg.Core.Interop;

/// <summary>
/// A linreg model as an ONNX graph of one Gemm: input "input" float [N, k] in the model's feature order, output
/// "output" float [N, 1], weight [1, k] (transB, as nn.Linear lays it out) and bias [1] as initializers. Any ONNX
/// runtime, in any language, then predicts what <c>linreg predict</c> does, to float32's precision; with
/// <see cref="DataType.Float64"/> every tensor is double, and the predictions are linreg's to the last digits. A model
/// with a design (categories, a formula) takes its table's columns instead, one input each, and builds the features
/// before the same Gemm (<see cref="OnnxDesign"/>).
/// </summary>
public static class OnnxFile
{
    public const string InputName = "input";

    public const string OutputName = "output";

    /// <summary>
    /// Opset 13 is where Gemm last changed (Gemm-13), and IR version 7 is what opset 13 came with: ONNX Runtime has
    /// run both since 1.7, so the file runs on old runtimes as well as new ones (1.21 and 1.31 are tested).
    /// </summary>
    public const long Opset = 13;

    public const long IrVersion = 7;

    public static void Save(LinearModel model, string producerVersion, DataType dtype, string path, string optionName, IEnumerable<string?> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = Build(model, producerVersion, dtype);
        using var file = AtomicFile.Create(path, optionName, inputs);
        graph.WriteTo(file.Stream);
        file.Commit();
    }

    /// <summary>The model as an ONNX ModelProto; the same model always gives the same bytes.</summary>
    public static ModelProto Build(LinearModel model, string producerVersion, DataType dtype = DataType.Float32)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(producerVersion);
        var k = model.FeatureCount;

        // Weights and Bias are already the line in the data's units: a standardized model's scaling was folded in,
        // in double, when it was trained or loaded, and an aliased feature's weight is 0. Each is rounded to float once,
        // or kept as it is for float64.
        var elementType = (int)(dtype == DataType.Float64 ? TensorProto.Types.DataType.Double : TensorProto.Types.DataType.Float);
        var weight = Tensor("weight", elementType, [1, k]);
        var bias = Tensor("bias", elementType, [1]);
        if (dtype == DataType.Float64)
        {
            weight.DoubleData.AddRange(model.Weights);
            bias.DoubleData.Add(model.Bias);
        }
        else
        {
            weight.FloatData.AddRange(model.Weights.Select(w => (float)w));
            bias.FloatData.Add((float)model.Bias);
        }

        var features = NameList.Join(model.FeatureNames);

        // A model with a design takes its table's columns and builds its features in the graph (OnnxDesign); a
        // numeric one takes its features as one tensor, and its graph is the Gemm alone.
        var design = model.Design is { } d ? OnnxDesign.Build(d, elementType, [OutputName, weight.Name, bias.Name]) : null;
        var gemm = new NodeProto { Name = "linear", OpType = "Gemm", Input = { design?.Features ?? InputName, weight.Name, bias.Name }, Output = { OutputName } };
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        var graph = new GraphProto
        {
            Name = "linreg",
            Output = { Value(OutputName, elementType, 1, $"the predicted {model.TargetName}") },
        };
        if (design is null)
        {
            graph.Node.Add(gemm);
            graph.Initializer.Add([weight, bias]);
            graph.Input.Add(Value(InputName, elementType, k, $"one row per prediction, the features in the order {features}"));
        }
        else
        {
            graph.Node.Add([.. design.Nodes, gemm]);
            graph.Initializer.Add([weight, bias, .. design.Initializers]);
            graph.Input.Add(design.Inputs);
        }

        var line = model.HasIntercept ? "y = x · weightᵀ + bias" : "y = x · weightᵀ (no intercept: bias 0)";
        var built = design is null ? string.Empty : $" (x: the design columns of '{model.Design!.Describe(model.TargetName)}', built in the graph from the inputs {NameList.Join(OnnxDesign.InputColumns(model.Design))})";
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = Opset } },
            ProducerName = "linreg",
            ProducerVersion = producerVersion,
            DocString = $"A linear model exported by linreg: {line}, predicting {model.TargetName} from {features}{built}.",
            Graph = graph,
            MetadataProps =
            {
                // JSON, because a feature name may hold a comma.
                Entry("features", JsonSerializer.Serialize(model.FeatureNames)),
                Entry("target", model.TargetName),
            },
        };
        if (model.Design is { } modelDesign)
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxDesign.MlDomain, Version = OnnxDesign.MlOpset });
            var inputs = OnnxDesign.InputColumns(modelDesign);
            proto.MetadataProps.Add(Entry("inputs", JsonSerializer.Serialize(inputs)));
            proto.MetadataProps.Add(Entry("levels", JsonSerializer.Serialize(inputs.Where(modelDesign.Levels.ContainsKey).ToDictionary(c => c, c => modelDesign.Levels[c]))));
            proto.MetadataProps.Add(Entry("formula", modelDesign.Describe(model.TargetName)));
        }

        return proto;
    }

    private static TensorProto Tensor(string name, int elementType, long[] dims) => new()
    {
        Name = name,
        DataType = elementType,
        Dims = { dims },
    };

    /// <summary>A tensor of shape [N, columns]: N rows, as many as the caller gives (a dynamic dimension).</summary>
    internal static ValueInfoProto Value(string name, int elementType, long columns, string doc) => new()
    {
        Name = name,
        DocString = doc,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = elementType,
                Shape = new TensorShapeProto
                {
                    Dim =
                    {
                        new TensorShapeProto.Types.Dimension { DimParam = "N" },
                        new TensorShapeProto.Types.Dimension { DimValue = columns },
                    },
                },
            },
        },
    };

    private static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };
}
