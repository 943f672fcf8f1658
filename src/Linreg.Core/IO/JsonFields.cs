using System.Globalization;
using System.Text.Json;

namespace Linreg.Core.IO;

/// <summary>
/// Reads linreg's own JSON files (models, checkpoints): every complaint names the file and the field, and is a
/// <see cref="LinregException"/> with the caller's exit code. A file carries a format name and a schema version;
/// versions newer than the reader's are refused with an upgrade hint rather than misread.
/// </summary>
internal sealed class JsonFields(string path, ExitCode code)
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Far above the largest model (a 1,000-feature fit's covariances are ~40 MB of text).</summary>
    public const long MaxFileBytes = 512L << 20;

    public byte[] ReadFile(string what)
    {
        if (Directory.Exists(path))
        {
            throw Bad($"is a folder, not a {what}");
        }

        try
        {
            // Bounded: a device or a runaway file (--model /dev/zero) is refused instead of filling memory.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            var content = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                // Every linreg file is JSON text; binary (/dev/zero) is told at its first bytes.
                if (content.Length == 0 && buffer.AsSpan(0, read).TrimStart(" \t\r\n"u8) is { IsEmpty: false } start && start[0] < 0x20)
                {
                    throw Bad($"not a {what} (it is binary, not JSON)");
                }

                content.Write(buffer, 0, read);
                if (content.Length > MaxFileBytes)
                {
                    throw Bad($"is larger than {MaxFileBytes >> 20} MiB, which no {what} is");
                }
            }

            return content.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Bad("file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad($"cannot be read ({e.Message})", e);
        }
    }

    public JsonDocument Parse(ReadOnlySpan<byte> utf8, string what)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $":{line + 1}") : string.Empty;
            var why = IsValidBeyondDepth(utf8) ? $"JSON nested deeper than {DefaultMaxDepth} levels, where a {what} nests a few" : "invalid or truncated JSON";
            throw new LinregException(code, $"{path}{where}: not a {what} ({why})", e);
        }
    }

    /// <summary>System.Text.Json's default nesting bound, which a file linreg writes never comes near.</summary>
    private const int DefaultMaxDepth = 64;

    /// <summary>Whether the text is whole, valid JSON that only nests too deep: then it is neither cut short nor damaged, and the message says so.</summary>
    private static bool IsValidBeyondDepth(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = int.MaxValue });
        var deepest = 0;
        try
        {
            while (reader.Read())
            {
                deepest = Math.Max(deepest, reader.CurrentDepth);
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return deepest >= DefaultMaxDepth;
    }

    /// <summary>Checks the format marker and returns the schema version, which lies in 1..<paramref name="newestVersion"/>.</summary>
    public int CheckFormat(JsonElement root, string formatName, int newestVersion, string what)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != formatName)
        {
            throw Bad($"not a {what} (no \"format\": \"{formatName}\")");
        }

        var version = Int(root, "schemaVersion");
        if (version > newestVersion)
        {
            throw Bad($"schema version {version} was written by a newer linreg; this linreg reads versions 1-{newestVersion}: upgrade linreg (dotnet tool update -g linreg)");
        }

        return version >= 1 ? version : throw Bad($"schema version {version} is not valid");
    }

    public JsonElement Property(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : throw Bad($"\"{name}\" is missing");

    public static JsonElement? OptionalObject(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public string[] Strings(JsonElement parent, string name) =>
        [.. Elements(parent, name).Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad($"\"{name}\" must hold strings"))];

    public float[] Floats(JsonElement parent, string name) => [.. Elements(parent, name).Select(e => AsFloat(e, name))];

    public double[] Doubles(JsonElement parent, string name) => [.. Elements(parent, name).Select(e => AsDouble(e, name))];

    /// <summary>Finite numbers, or null where a value has none (an aliased coefficient).</summary>
    public double?[] NullableDoubles(JsonElement parent, string name) =>
        [.. Elements(parent, name).Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : AsDouble(e, name))];

    public string String(JsonElement parent, string name)
    {
        var value = Property(parent, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Bad($"\"{name}\" must be a string");
    }

    public int Int(JsonElement parent, string name)
    {
        var number = Long(parent, name);
        return number is >= 0 and <= int.MaxValue ? (int)number : throw Bad($"\"{name}\" is out of range");
    }

    public long Long(JsonElement parent, string name)
    {
        var value = Property(parent, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw Bad($"\"{name}\" must be a whole number");
    }

    public double Double(JsonElement parent, string name) => AsDouble(Property(parent, name), name);

    public float Float(JsonElement parent, string name) => AsFloat(Property(parent, name), name);

    /// <summary>A number, or NaN when the field is absent or null (how non-finite metrics are written).</summary>
    public static double OptionalDouble(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

    public LinregException Bad(string why, Exception? inner = null) => new(code, $"{path}: {why}", inner);

    private JsonElement.ArrayEnumerator Elements(JsonElement parent, string name)
    {
        var value = Property(parent, name);
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw Bad($"\"{name}\" must be an array");
    }

    private double AsDouble(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()) ? value.GetDouble() : throw Bad($"\"{name}\" must be a finite number");

    private float AsFloat(JsonElement value, string name)
    {
        // Compare after rounding: float.MaxValue written in its shortest form reads back a hair above it as a double.
        var number = (float)AsDouble(value, name);
        return float.IsFinite(number) ? number : throw Bad($"\"{name}\" is outside the float32 range");
    }
}
