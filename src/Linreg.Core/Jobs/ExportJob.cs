using Linreg.Core.Interop;
using Linreg.Core.IO;
using Linreg.Core.Models;
using Linreg.Core.Runtime;

namespace Linreg.Core.Jobs;

/// <summary>The file <c>export</c> writes: one of the <see cref="TensorFileFormat"/>s, or the one the output's name asks for.</summary>
public enum ExportFormat
{
    /// <summary>From the output's extension: .pt or .pth, or .safetensors; any other is refused, not guessed.</summary>
    Auto,
    Pt,
    Safetensors,
}

public sealed record ExportJobSettings
{
    public required string ModelPath { get; init; }

    public required string OutputPath { get; init; }

    public ExportFormat Format { get; init; } = ExportFormat.Auto;
}

/// <summary><c>linreg export</c>: a linreg model as the state_dict of <c>nn.Linear(k, 1)</c>, for PyTorch.</summary>
public static class ExportJob
{
    public const string OutputOption = "--output";

    public static TensorFileFormat Run(ExportJobSettings settings, JobIO io)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(io);
        TorchRuntime.BeginLoading();
        var model = ModelFile.Load(settings.ModelPath).Model;
        string?[] inputs = [Path.GetFullPath(settings.ModelPath)];

        // An output that would overwrite the model is refused as such, whatever its name.
        AtomicFile.CheckDestination(settings.OutputPath, OutputOption, inputs);
        var format = FormatOf(settings);
        PyTorchFile.Save(model, format, settings.OutputPath, OutputOption, inputs);
        var load = format == TensorFileFormat.Pt
            ? "torch.load(path, weights_only=True)"
            : "safetensors.torch.load_file(path)";
        io.Diagnostics.WriteLine($"linreg: wrote {settings.OutputPath} ({PyTorchFile.Describe(format)}): weight [1, {model.FeatureCount}] and bias [1], float32; in PyTorch: nn.Linear({model.FeatureCount}, 1).load_state_dict({load}), features in the order {NameList.Join(model.FeatureNames)}");
        return format;
    }

    private static TensorFileFormat FormatOf(ExportJobSettings settings) => settings.Format switch
    {
        ExportFormat.Pt => TensorFileFormat.Pt,
        ExportFormat.Safetensors => TensorFileFormat.Safetensors,

        // Guessing would put a PyTorch pickle in a file named .onnx, misleading whoever opens it next.
        _ => PyTorchFile.FormatFor(settings.OutputPath) ?? throw new LinregException(
            ExitCode.UsageError,
            $"{settings.OutputPath}: export writes .pt or .pth (PyTorch) or .safetensors; give one of these extensions or --format pt|safetensors"),
    };
}
