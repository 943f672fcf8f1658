using System.Collections;
using System.IO.Compression;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace Linreg.Core.Interop;

/// <summary>
/// Reads the pickle of a <c>torch.save</c> file as <c>torch.load</c> does. torch.save writes each storage once, in
/// its own archive entry, and each tensor as a view of one: (storage, offset, shape, strides). So the tensors of a
/// state_dict may share a storage, start inside it and step through it in any order (<c>big[:, 1:2].t()</c>).
/// TorchSharp.PyBridge's reader took every storage to be its tensor, contiguous from the start, and refused such a
/// file as damaged; here every element is taken from where the offset and strides put it.
/// </summary>
internal static class PtUnpickler
{
    /// <summary>Razorvine keeps its constructors in one table for the process: set ours and unpickle under a lock.</summary>
    private static readonly Lock Gate = new();

    public static Hashtable Load(Stream stream)
    {
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal))
            ?? throw new InvalidDataException("the archive has no data.pkl");
        lock (Gate)
        {
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new TensorConstructor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new TensorConstructor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new ParameterConstructor());
            Unpickler.registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
            using var unpickler = new StorageUnpickler(archive);
            using var data = pickle.Open();
            return unpickler.load(data) as Hashtable ?? throw new InvalidDataException("the pickle holds no dictionary of tensors");
        }
    }

    /// <summary>A storage's elements as doubles (every type a state_dict holds widens exactly), and its type.</summary>
    private sealed record Storage(ScalarType Type, double[] Values);

    /// <summary>torch.save's persistent ids: ("storage", type, key, location, element count), the bytes in data/key.</summary>
    private sealed class StorageUnpickler(ZipArchive archive) : Unpickler
    {
        private readonly Dictionary<string, Storage> _storages = new(StringComparer.Ordinal);

        protected override object persistentLoad(object pid)
        {
            if (pid is not object[] { Length: >= 5 } id || id[0] is not "storage" || id[1] is not ClassDictConstructor type || id[2] is not string key)
            {
                throw new InvalidDataException("an unknown persistent id in the pickle");
            }

            if (_storages.TryGetValue(key, out var shared))
            {
                return shared;
            }

            var (scalar, size) = Element(type.name);
            var count = Convert.ToInt64(id[4], System.Globalization.CultureInfo.InvariantCulture);
            var entry = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data/" + key, StringComparison.Ordinal))
                ?? throw new InvalidDataException($"storage data/{key} is missing");
            if (count < 0 || entry.Length < count * size)
            {
                throw new InvalidDataException($"storage data/{key} holds {entry.Length} bytes, not the {count} elements of {size} bytes it declares");
            }

            var bytes = new byte[count * size];
            using (var stream = entry.Open())
            {
                stream.ReadExactly(bytes);
            }

            var storage = new Storage(scalar, Decode(scalar, bytes, (int)count));
            _storages[key] = storage;
            return storage;
        }
    }

    /// <summary><c>torch._utils._rebuild_tensor_v2(storage, offset, shape, strides, requires_grad, hooks[, metadata])</c>.</summary>
    private sealed class TensorConstructor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length < 4 || args[0] is not Storage storage || args[2] is not object[] shapeItems || args[3] is not object[] strideItems || shapeItems.Length != strideItems.Length)
            {
                throw new InvalidDataException("a tensor's storage, shape or strides are not what torch.save writes");
            }

            var c = System.Globalization.CultureInfo.InvariantCulture;
            var offset = Convert.ToInt64(args[1], c);
            var shape = shapeItems.Select(i => Convert.ToInt64(i, c)).ToArray();
            var strides = strideItems.Select(i => Convert.ToInt64(i, c)).ToArray();
            var count = shape.Aggregate(1L, (product, n) => product * n);
            if (offset < 0 || shape.Any(n => n < 0) || strides.Any(s => s < 0)
                || (count > 0 && offset + shape.Zip(strides, (n, s) => (n - 1) * s).Sum() >= storage.Values.Length))
            {
                throw new InvalidDataException($"a tensor of shape [{string.Join(", ", shape)}], strides [{string.Join(", ", strides)}] and offset {offset} lies outside its storage of {storage.Values.Length} elements");
            }

            // Row-major over the shape, each element where the offset and strides put it.
            var values = new double[count];
            var index = new long[shape.Length];
            for (var i = 0; i < count; i++)
            {
                var at = offset;
                for (var d = 0; d < shape.Length; d++)
                {
                    at += index[d] * strides[d];
                }

                values[i] = storage.Values[at];
                for (var d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--)
                {
                    index[d] = 0;
                }
            }

            return tensor(values, shape, ScalarType.Float64).to_type(storage.Type);
        }
    }

    /// <summary>A pickled nn.Parameter means a whole module was saved, not its state_dict.</summary>
    private sealed class ParameterConstructor : IObjectConstructor
    {
        public object construct(object[] args) => throw new WholeModelException();
    }

    /// <summary>The pickle is of a whole module (torch.save(model)), which a state_dict reader must refuse without running it.</summary>
    internal sealed class WholeModelException : Exception
    {
        public WholeModelException()
            : base("The file holds the entire model, not just its state_dict")
        {
        }

        public WholeModelException(string message)
            : base(message)
        {
        }

        public WholeModelException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }

    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new OrderedDict();
    }

    /// <summary>A state_dict's OrderedDict: its items arrive as a dictionary's; its state (<c>_metadata</c>) is not needed.</summary>
    private sealed class OrderedDict : Hashtable
    {
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "The name the pickle protocol calls.")]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Called by reflection on the instance being built.")]
        public void __setstate__(Hashtable state)
        {
        }
    }

    private static (ScalarType Type, int Size) Element(string storage) => storage switch
    {
        "FloatStorage" => (ScalarType.Float32, 4),
        "DoubleStorage" => (ScalarType.Float64, 8),
        "HalfStorage" => (ScalarType.Float16, 2),
        "BFloat16Storage" => (ScalarType.BFloat16, 2),
        "LongStorage" => (ScalarType.Int64, 8),
        "IntStorage" => (ScalarType.Int32, 4),
        "ShortStorage" => (ScalarType.Int16, 2),
        "CharStorage" => (ScalarType.Int8, 1),
        "ByteStorage" => (ScalarType.Byte, 1),
        "BoolStorage" => (ScalarType.Bool, 1),
        _ => throw new InvalidDataException($"tensors of {storage}, which linreg does not read"),
    };

    /// <summary>Little-endian, as torch.save writes on every machine linreg runs on.</summary>
    private static double[] Decode(ScalarType type, byte[] bytes, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = type switch
            {
                ScalarType.Float32 => BitConverter.ToSingle(bytes, i * 4),
                ScalarType.Float64 => BitConverter.ToDouble(bytes, i * 8),
                ScalarType.Float16 => (double)BitConverter.ToHalf(bytes, i * 2),
                ScalarType.BFloat16 => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(bytes, i * 2) << 16),
                ScalarType.Int64 => BitConverter.ToInt64(bytes, i * 8),
                ScalarType.Int32 => BitConverter.ToInt32(bytes, i * 4),
                ScalarType.Int16 => BitConverter.ToInt16(bytes, i * 2),
                ScalarType.Int8 => (sbyte)bytes[i],
                _ => bytes[i],
            };
        }

        return values;
    }
}
