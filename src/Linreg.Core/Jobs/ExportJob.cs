using Linreg.Core.Interop;
using Linreg.Core.IO;
using Linreg.Core.Models;
using Linreg.Core.Runtime;
using Linreg.Core.Training;

namespace Linreg.Core.Jobs;

/// <summary>The file <c>export</c> writes: a PyTorch state_dict (<see cref="TensorFileFormat"/>) or an ONNX graph, or the one the output's name asks for.</summary>
public enum ExportFormat
{
    /// <summary>From the output's extension: .pt or .pth, .safetensors, or .onnx; any other is refused, not guessed.</summary>
    Auto,
    Pt,
    Safetensors,
    Onnx,
}

public sealed record ExportJobSettings
{
    public required string ModelPath { get; init; }

    public required string OutputPath { get; init; }

    public ExportFormat Format { get; init; } = ExportFormat.Auto;

    /// <summary>The tensors' type: float32 (nn.Linear's default, and what ONNX users expect) or float64, the model's doubles unrounded.</summary>
    public DataType DType { get; init; } = DataType.Float32;

    /// <summary>linreg's version, which an ONNX file records as its producer_version.</summary>
    public string ProducerVersion { get; init; } = string.Empty;
}

/// <summary>
/// <c>linreg export</c>: a linreg model as the state_dict of <c>nn.Linear(k, 1)</c>, for PyTorch, or as an ONNX
/// graph, for any ONNX runtime.
/// </summary>
public static class ExportJob
{
    public const string OutputOption = "--output";

    /// <returns>The format written: never <see cref="ExportFormat.Auto"/>.</returns>
    public static ExportFormat Run(ExportJobSettings settings, JobIO io)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        string?[] inputs = [Path.GetFullPath(settings.ModelPath)];

        // An output that would overwrite the model is refused as such, whatever its name.
        AtomicFile.CheckDestination(settings.OutputPath, OutputOption, inputs);
        var format = FormatOf(settings);
        if (format != ExportFormat.Onnx)
        {
            // libtorch loads while the model is read; ONNX is written without it.
            TorchRuntime.BeginLoading();
        }

        var model = ModelFile.Load(settings.ModelPath).Model;

        // A PyTorch state_dict is one linear layer over numeric columns in the model's order. A model that must
        // encode columns at predict time (categories, a formula's terms) has no such layer and is refused here, in
        // one line, before any file is written; ONNX builds the encoding in its graph (README, export).
        if (model.Design is { } design && format != ExportFormat.Onnx)
        {
            throw new LinregException(
                ExitCode.ModelError,
                $"{settings.ModelPath}: the model encodes its columns ({(design.FormulaText.Length > 0 ? $"formula '{design.FormulaText}'" : "categories")}) before its linear layer, and a PyTorch state_dict holds the layer alone; export it with -o FILE.onnx, which builds the encoding in the graph");
        }

        var dtype = settings.DType == DataType.Float64 ? "float64" : "float32";
        if (format == ExportFormat.Onnx)
        {
            OnnxFile.Save(model, settings.ProducerVersion, settings.DType, settings.OutputPath, OutputOption, inputs);
            io.Diagnostics.WriteLine(model.Design is { } encoded
                ? $"linreg: wrote {settings.OutputPath} (ONNX, opset {OnnxFile.Opset} and {OnnxDesign.MlDomain} {OnnxDesign.MlOpset}): one input per column, {string.Join(", ", OnnxDesign.InputColumns(encoded).Select(c => $"\"{c}\" {(encoded.Levels.ContainsKey(c) ? "string" : dtype)} [N, 1]"))} (the levels are in the metadata \"levels\"); output \"{OnnxFile.OutputName}\" {dtype} [N, 1]; in Python: onnxruntime.InferenceSession(path).run(None, {{column: df[[column]].to_numpy('{dtype}'), or .astype(str) for text}})"
                : $"linreg: wrote {settings.OutputPath} (ONNX, opset {OnnxFile.Opset}): input \"{OnnxFile.InputName}\" {dtype} [N, {model.FeatureCount}], features in the order {NameList.Join(model.FeatureNames)}; output \"{OnnxFile.OutputName}\" {dtype} [N, 1]; in Python: onnxruntime.InferenceSession(path).run(None, {{'{OnnxFile.InputName}': x.astype('{dtype}')}})");
            return format;
        }

        var tensorFormat = format == ExportFormat.Pt ? TensorFileFormat.Pt : TensorFileFormat.Safetensors;
        PyTorchFile.Save(model, tensorFormat, settings.OutputPath, OutputOption, inputs, settings.DType);
        var load = tensorFormat == TensorFileFormat.Pt
            ? "torch.load(path, weights_only=True)"
            : "safetensors.torch.load_file(path)";
        io.Diagnostics.WriteLine($"linreg: wrote {settings.OutputPath} ({PyTorchFile.Describe(tensorFormat)}): weight [1, {model.FeatureCount}] and bias [1], {dtype}; in PyTorch: nn.Linear({model.FeatureCount}, 1).load_state_dict({load}), features in the order {NameList.Join(model.FeatureNames)}");
        return format;
    }

    private static ExportFormat FormatOf(ExportJobSettings settings)
    {
        if (settings.Format != ExportFormat.Auto)
        {
            return settings.Format;
        }

        if (string.Equals(Path.GetExtension(settings.OutputPath), ".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return ExportFormat.Onnx;
        }

        // Guessing would put a PyTorch pickle in a file named .bin or .json, misleading whoever opens it next.
        return PyTorchFile.FormatFor(settings.OutputPath) switch
        {
            TensorFileFormat.Pt => ExportFormat.Pt,
            TensorFileFormat.Safetensors => ExportFormat.Safetensors,
            _ => throw new LinregException(
                ExitCode.UsageError,
                $"{settings.OutputPath}: export writes .pt or .pth (PyTorch), .safetensors or .onnx; give one of these extensions or --format pt|safetensors|onnx"),
        };
    }
}
