using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using Linreg.Core.IO;
using Linreg.Core.Models;
using Linreg.Core.Runtime;
using Linreg.Core.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Linreg.Core.Interop;

/// <summary>The two files PyTorch users exchange weights in.</summary>
public enum TensorFileFormat
{
    /// <summary><c>torch.save(state_dict, path)</c>: a zip archive holding a pickle; <c>torch.load</c> reads it.</summary>
    Pt,

    /// <summary>Hugging Face's safetensors: a JSON header and raw little-endian tensor bytes.</summary>
    Safetensors,
}

/// <summary>The weights of one <c>nn.Linear(k, 1)</c> as read from a file, and how they were stored.</summary>
public sealed record LinearStateDict(TensorFileFormat Format, string Prefix, IReadOnlyList<double> Weights, double Bias, string DataType)
{
    public string WeightKey => Prefix + "weight";

    public string BiasKey => Prefix + "bias";
}

/// <summary>
/// A linreg model as the <c>state_dict</c> of <c>nn.Linear(k, 1)</c>: <c>weight</c> of shape [1, k] and
/// <c>bias</c> of shape [1], float32, so <c>linear.load_state_dict(torch.load(path, weights_only=True))</c> works.
/// </summary>
public static class PyTorchFile
{
    /// <summary>The format a file name asks for by its extension (.pt or .pth, .safetensors); null for any other.</summary>
    public static TensorFileFormat? FormatFor(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".PT" or ".PTH" => TensorFileFormat.Pt,
        ".SAFETENSORS" => TensorFileFormat.Safetensors,
        _ => null,
    };

    /// <summary>Recognises a file by its first bytes (at least 9), whatever its name.</summary>
    public static TensorFileFormat? Detect(ReadOnlySpan<byte> head, long length)
    {
        if (head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
        {
            return TensorFileFormat.Pt;
        }

        // safetensors: an 8-byte little-endian header size, then that many bytes of JSON.
        return head.Length >= 9 && head[8] == '{' && BinaryPrimitives.ReadUInt64LittleEndian(head) is var size && size >= 2 && size <= (ulong)(length - 8)
            ? TensorFileFormat.Safetensors
            : null;
    }

    /// <param name="dtype">float32, nn.Linear's default; float64 keeps the model's doubles exactly (load_state_dict still casts them to the layer's dtype).</param>
    public static void Save(LinearModel model, TensorFileFormat format, string path, string optionName, IEnumerable<string?> inputs, DataType dtype = DataType.Float32)
    {
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.CheckDestination(path, optionName, inputs);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var stateDict = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            // nn.Linear's parameters are float32 unless the user's code says otherwise: load_state_dict then takes them as they are.
            ["weight"] = dtype == DataType.Float64
                ? tensor(model.Weights.ToArray(), [1, model.FeatureCount])
                : tensor(model.Weights.Select(w => (float)w).ToArray(), [1, model.FeatureCount]),
            ["bias"] = dtype == DataType.Float64 ? tensor(new[] { model.Bias }, [1]) : tensor(new[] { (float)model.Bias }, [1]),
        };
        using var file = AtomicFile.Create(path, optionName, inputs);
        if (format == TensorFileFormat.Safetensors)
        {
            Safetensors.SaveStateDict(file.Stream, stateDict, leaveOpen: true);
        }
        else
        {
            PyTorchPickler.PickleStateDict(file.Stream, stateDict, leaveOpen: true);
        }

        file.Commit();
    }

    /// <summary>Reads the one <c>nn.Linear(k, 1)</c> a file holds; anything else is a model error naming the file.</summary>
    public static LinearStateDict Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var format = DetectFile(path);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        IDictionary stateDict;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (format == TensorFileFormat.Pt && PtArchive.CheckBounded(stream) is { } unbounded)
            {
                throw Bad(path, unbounded);
            }

            stream.Position = 0;
            stateDict = format == TensorFileFormat.Pt
                ? PtUnpickler.Load(stream)
                : Safetensors.LoadStateDict(stream, leaveOpen: true);
        }
        catch (LinregException)
        {
            throw;
        }
        catch (PtUnpickler.WholeModelException e)
        {
            throw Bad(path, "holds a whole pickled module, not a state_dict; in PyTorch save torch.save(model.state_dict(), path) instead", e);
        }
#pragma warning disable CA1031 // The file is untrusted bytes parsed by third-party code (zip, pickle, JSON, libtorch), which can fail in many ways; each means the same to the user.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw Bad(path, $"is damaged or not a {Describe(format)} state_dict ({e.GetType().Name}: {FirstLine(e.Message)})", e);
        }

        return ReadLinear(path, format, stateDict);
    }

    public static string Describe(TensorFileFormat format) => format == TensorFileFormat.Pt ? "PyTorch (torch.save)" : "safetensors";

    private static TensorFileFormat DetectFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw Bad(path, "is a folder, not a PyTorch or safetensors file");
        }

        if (!File.Exists(path))
        {
            throw Bad(path, "file not found");
        }

        var head = new byte[9];
        long length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            length = stream.Length;
            stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(path, $"cannot be read ({e.Message})", e);
        }

        if (Detect(head, length) is { } format)
        {
            return format;
        }

        // Pickle protocol 2 starts 0x80 0x02: what torch.save wrote before PyTorch 1.6 made the zip format the default.
        throw head[0] == 0x80
            ? Bad(path, "is in PyTorch's legacy (pre-1.6) format; re-save it with torch.save(state_dict, path) from PyTorch 1.6 or newer")
            : Bad(path, "is neither a PyTorch state_dict file (torch.save: a zip archive) nor a safetensors file");
    }

    private static LinearStateDict ReadLinear(string path, TensorFileFormat format, IDictionary stateDict)
    {
        var tensors = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in stateDict)
        {
            if (entry.Key is string key && entry.Value is Tensor value)
            {
                tensors[key] = value;
            }
        }

        var names = string.Join(", ", tensors.Select(t => $"{t.Key} {Shape(t.Value)}"));
        var expected = "linreg reads the state_dict of one nn.Linear(k, 1): weight [1, k] and bias [1]";
        var prefixes = tensors.Keys.Where(k => k.EndsWith("weight", StringComparison.Ordinal)).Select(k => k[..^"weight".Length])
            .Where(p => (p.Length == 0 || p.EndsWith('.')) && tensors.ContainsKey(p + "bias")).ToArray();
        if (prefixes.Length != 1 || tensors.Count != 2)
        {
            var holds = tensors.Count == 0 ? "holds no tensors" : $"holds {names}";
            throw Bad(path, $"{holds}; {expected}");
        }

        var prefix = prefixes[0];
        var weight = tensors[prefix + "weight"];
        var bias = tensors[prefix + "bias"];
        if (weight.ndim != 2 || weight.shape[0] != 1 || weight.shape[1] < 1 || bias.ndim != 1 || bias.shape[0] != 1)
        {
            throw Bad(path, $"has {names}; {expected} (a model with one output)");
        }

        if (!weight.is_floating_point() || !bias.is_floating_point())
        {
            throw Bad(path, $"has {prefix}weight of type {weight.dtype} and {prefix}bias of type {bias.dtype}; the weights must be floating point");
        }

        // Models hold doubles: float32, float16 and bfloat16 widen exactly, and float64 is kept as it is.
        var weights = weight.to_type(ScalarType.Float64).data<double>().ToArray();
        var biasValue = bias.to_type(ScalarType.Float64).data<double>()[0];
        if (!weights.All(double.IsFinite) || !double.IsFinite(biasValue))
        {
            throw Bad(path, "has weights that are NaN or infinite");
        }

        var dataType = weight.dtype == bias.dtype ? TypeName(weight.dtype) : $"{TypeName(weight.dtype)}/{TypeName(bias.dtype)}";
        return new LinearStateDict(format, prefix, weights, biasValue, dataType);
    }

    private static string Shape(Tensor tensor) => "[" + string.Join(", ", tensor.shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>PyTorch's names for the types (float32, float64), which the user's Python code also shows.</summary>
    private static string TypeName(ScalarType type) => type.ToString() switch
    {
        "Float32" => "float32",
        "Float64" => "float64",
        "Float16" => "float16",
        "BFloat16" => "bfloat16",
        var other => other.ToLowerInvariant(),
    };

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static LinregException Bad(string path, string why, Exception? inner = null) => new(ExitCode.ModelError, $"{path}: {why}", inner);
}
