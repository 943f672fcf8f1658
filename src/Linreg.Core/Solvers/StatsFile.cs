using System.Text.Json;
using Linreg.Core.IO;
using Linreg.Core.Metrics;
using Linreg.Core.Statistics;

namespace Linreg.Core.Solvers;

/// <summary>
/// A statistics file (<c>linreg stats</c>): <see cref="SufficientStats"/> as JSON with a format marker and a schema
/// version, as model files have. Numbers are written in their shortest round-trip form, so a file read back is the
/// same bits; a file from a newer linreg is refused with an upgrade hint, and a damaged one (truncated, a missing
/// field, a factor of the wrong shape) with what is wrong, since a misread factor would be a silently wrong fit.
/// </summary>
public static class StatsFile
{
    public const string FormatName = "linreg-stats";

    /// <summary>2 added "design"; a file without one is still written as version 1, which older linreg reads.</summary>
    public const int SchemaVersion = 2;

    private const string What = "linreg statistics file";

    /// <summary>Writes the file (temporary file + rename), or the JSON on <paramref name="standardOutput"/> for <c>-</c>.</summary>
    public static void Save(SufficientStats stats, string createdBy, string path, IEnumerable<string?> inputs, TextWriter standardOutput)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(standardOutput);
        var json = ToJson(stats, createdBy);
        if (path == Data.DataSource.StandardInputName)
        {
            standardOutput.Write(json);
            standardOutput.Write('\n');
            standardOutput.Flush();
            return;
        }

        using var file = AtomicFile.Create(path, "--output", inputs);
        file.Writer.Write(json);
        file.Writer.Write('\n');
        file.Commit();
    }

    public static string ToJson(SufficientStats stats, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var qr = stats.Qr;
        var factor = qr.CopyFactor();
        return JsonFields.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            // A design's file is version 2, so a linreg that cannot re-code its levels refuses it rather than
            // merging its dummy columns by name.
            json.WriteNumber("schemaVersion", stats.Design is null ? 1 : SchemaVersion);
            json.WriteString("createdBy", createdBy);
            Strings(json, "sources", stats.Sources);
            json.WriteString("target", stats.TargetName);
            Strings(json, "features", stats.FeatureNames);
            json.WriteBoolean("intercept", stats.HasIntercept);
            if (stats.WeightName is { } weights)
            {
                // Only weighted statistics name the column: unweighted files stay as they were.
                json.WriteString("weights", weights);
            }

            // A design's formula and the levels this shard saw: what merging on the union of levels needs.
            stats.Design?.Write(json);
            json.WriteNumber("rows", stats.Rows);
            json.WriteNumber("droppedRows", stats.DroppedRows);
            json.WriteNumber("weightedRows", qr.WeightedRows);
            json.WriteNumber("sumWeights", qr.SumWeights);
            json.WriteNumber("sumLogWeights", qr.SumLogWeights);
            json.WriteNumber("targetMean", stats.Target.Mean);
            json.WriteNumber("targetSumOfSquares", stats.Target.SumOfSquares);
            json.WriteStartArray("shift");
            foreach (var value in qr.Shift)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();

            // Row i of R from its diagonal on: the zeros below it carry nothing.
            json.WriteStartArray("factor");
            for (var i = 0; i < qr.Width; i++)
            {
                json.WriteStartArray();
                for (var j = i; j < qr.Width; j++)
                {
                    json.WriteNumberValue(factor[(i * qr.Width) + j]);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public static SufficientStats Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fields = new JsonFields(path, ExitCode.DataError);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw fields.Bad($"file not found (make one with 'linreg stats DATA -o {path}')");
        }

        return Parse(fields.ReadFile(What), path);
    }

    public static SufficientStats Parse(ReadOnlySpan<byte> utf8, string path)
    {
        var fields = new JsonFields(path, ExitCode.DataError);
        using var document = fields.Parse(utf8, What);
        var root = document.RootElement;
        _ = fields.CheckFormat(root, FormatName, SchemaVersion, What);
        var features = fields.Strings(root, "features");
        if (features.Length == 0)
        {
            throw fields.Bad("\"features\" names no feature");
        }

        var intercept = fields.Property(root, "intercept").ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw fields.Bad("\"intercept\" must be true or false"),
        };
        var width = (intercept ? 1 : 0) + features.Length + 1;
        var rows = Count(fields, root, "rows");
        var shift = fields.Doubles(root, "shift");
        if (shift.Length != features.Length)
        {
            throw fields.Bad($"\"shift\" holds {shift.Length} value(s) for {features.Length} feature(s)");
        }

        try
        {
            var qr = new QrAccumulator(
                features.Length,
                intercept,
                shift,
                Factor(fields, root, width),
                rows,
                Count(fields, root, "weightedRows"),
                fields.Double(root, "sumWeights"),
                fields.Double(root, "sumLogWeights"));
            var weights = root.TryGetProperty("weights", out _) ? fields.String(root, "weights") : null;
            var target = new TargetSpread(rows, fields.Double(root, "targetMean"), fields.Double(root, "targetSumOfSquares"), weights is null ? rows : qr.SumWeights);
            var design = Design.ModelDesign.Read(fields, root, fields.String(root, "target"), features, intercept);
            return new SufficientStats(fields.String(root, "target"), features, qr, target, Count(fields, root, "droppedRows"), fields.Strings(root, "sources")) { WeightName = weights, Design = design };
        }
        catch (ArgumentException e)
        {
            throw fields.Bad($"damaged: its values do not fit together ({e.Message}); make it again with 'linreg stats'", e);
        }
    }

    /// <summary>R, <paramref name="width"/> × <paramref name="width"/> row by row, from its rows stored from the diagonal on.</summary>
    private static double[] Factor(JsonFields fields, JsonElement root, int width)
    {
        var rows = fields.Property(root, "factor");
        if (rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() != width)
        {
            throw fields.Bad($"\"factor\" must hold {width} rows (the intercept, the features and the target)");
        }

        var factor = new double[width * width];
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != width - i)
            {
                throw fields.Bad($"\"factor\" row {i + 1} must hold {width - i} numbers (from the diagonal on)");
            }

            var j = i;
            foreach (var value in row.EnumerateArray())
            {
                factor[(i * width) + j++] = value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
                    ? number
                    : throw fields.Bad("\"factor\" must hold finite numbers");
            }

            i++;
        }

        return factor;
    }

    private static long Count(JsonFields fields, JsonElement root, string name) =>
        fields.Long(root, name) is var count and >= 0 ? count : throw fields.Bad($"\"{name}\" must not be negative");

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
