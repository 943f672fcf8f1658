using System.Globalization;
using System.IO.Compression;
using Parquet;
using Parquet.Schema;

namespace Linreg.Tests;

/// <summary>
/// Copies of a CSV in the formats the peer chroot cannot write (it has no zstd module and no pyarrow): zstd by
/// ZstdSharp, Parquet by Parquet.Net. Shared by the Core and CLI tests.
/// </summary>
internal static class FormatCopies
{
    public static string FormatsFixture(string name) => Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "formats", name);

    public static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(data).ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A Parquet copy of a simple CSV (a header, ',' between fields, no quotes): a column of whole numbers becomes
    /// int32, other numbers double, anything else string; <paramref name="rowGroupRows"/> rows per row group.
    /// </summary>
    public static byte[] Parquet(string csv, int rowGroupRows)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var names = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var fields = new DataField[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            var numbers = cells.Select(r => double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null).ToArray();
            fields[c] = numbers.Any(v => v is null) ? new DataField<string>(names[c])
                : numbers.All(v => v == Math.Floor(v!.Value) && Math.Abs(v.Value) < int.MaxValue) ? new DataField<int>(names[c])
                : new DataField<double>(names[c]);
        }

        return Write(fields, rowGroupRows, cells.Length, (field, c, from, count) =>
        {
            var column = cells.Skip(from).Take(count).Select(r => r[c]).ToArray();
            return field is DataField<string> ? column
                : field is DataField<int> ? column.Select(t => (int)double.Parse(t, CultureInfo.InvariantCulture)).ToArray()
                : (Array)column.Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        });
    }

    /// <summary>A Parquet file of the given fields, the values of each row group's column from <paramref name="values"/> (field, column index, first row, rows).</summary>
    public static byte[] Write(DataField[] fields, int rowGroupRows, int rows, Func<DataField, int, int, int, Array> values)
    {
        using var buffer = new MemoryStream();
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), buffer).GetAwaiter().GetResult();
        try
        {
            for (var from = 0; from < rows; from += rowGroupRows)
            {
                var count = Math.Min(rowGroupRows, rows - from);
                using var group = writer.CreateRowGroup();
                for (var c = 0; c < fields.Length; c++)
                {
                    WriteColumn(group, fields[c], values(fields[c], c, from, count));
                }
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return buffer.ToArray();
    }

    private static void WriteColumn(ParquetRowGroupWriter group, DataField field, Array values)
    {
        switch (values)
        {
            case string?[] texts:
                group.WriteAsync(field, texts).GetAwaiter().GetResult();
                break;
            case double[] v:
                group.WriteAsync<double>(field, v.AsMemory()).GetAwaiter().GetResult();
                break;
            case double?[] v:
                group.WriteAsync<double>(field, v.AsMemory()).GetAwaiter().GetResult();
                break;
            case int[] v:
                group.WriteAsync<int>(field, v.AsMemory()).GetAwaiter().GetResult();
                break;
            case long?[] v:
                group.WriteAsync<long>(field, v.AsMemory()).GetAwaiter().GetResult();
                break;
            case float[] v:
                group.WriteAsync<float>(field, v.AsMemory()).GetAwaiter().GetResult();
                break;
            case bool[] v:
                group.WriteAsync<bool>(field, v.AsMemory()).GetAwaiter().GetResult();
                break;
            case DateTime[] v:
                group.WriteAsync<DateTime>(field, v.AsMemory()).GetAwaiter().GetResult();
                break;
            default:
                throw new NotSupportedException(values.GetType().Name);
        }
    }
}
