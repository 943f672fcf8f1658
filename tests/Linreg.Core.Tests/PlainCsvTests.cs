using System.Globalization;
using System.Text;
using CsCheck;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// The fast path for files (<see cref="PlainCsvLayout"/>, csFastFloat, <see cref="ChunkedScan"/>)
/// must be invisible: every input gives the same values, or the same error, as CsvHelper reading it from standard
/// input, which never takes the fast path.
/// </summary>
public class PlainCsvTests
{
    private static readonly string[] Formats = ["R", "G9", "G6", "F2", "F6", "E3", "E8", "0.#####################"];

    [Theory]
    [InlineData("x,y\n1,2\n2,4\n3,6\n")]
    [InlineData("x,y\r\n1,2\r\n2,4\r\n")]
    [InlineData("x,y\n1,2\n2,4")]
    [InlineData("\uFEFFx,y\n1,2\n2,4\n")]
    [InlineData("\"x\",\"y\"\n1,2\n2,4\n")]
    [InlineData("\"x\ny\",\"z\"\n1,2\n2,4\n")]
    [InlineData("x,y\n1,2\n\"2\",4\n5,6\n")]
    [InlineData("x,y\n1,2\n\n2,4\n")]
    [InlineData("x,y\n1,2\n2,4\n\n\n")]
    [InlineData("x,y\n 1,2\n2 ,4\n")]
    [InlineData("x,y\n1.,2\n.5,4\n+1,-0\n1e5,1E-3\n-.5e+2,00012\n")]
    [InlineData("x,y\n1,2\n2,abc\n")]
    [InlineData("x,y\n1,2\n2,NA\n")]
    [InlineData("x,y\n1,2\n2,4,5\n")]
    [InlineData("x,y\n1,2\n2\n")]
    [InlineData("x,y\n1,2\n2,1e39\n")]
    [InlineData("x,y\n1,2\n2,Infinity\n")]
    [InlineData("x,y\n1,2\n2,1e\n")]
    [InlineData("x,y\n1,2\n3,1.23456789012345678901234567\n")]
    [InlineData("x,y\n0.000000000000000000000000000000000000000001,1e-50\n")]
    [InlineData("id,x,y\nalpha,1,2\nbeta,2,4\n")]
    [InlineData("id,x,y\n\"a,b\",1,2\nbeta,2,4\n")]
    [InlineData("id,x,y\nal\rpha,1,2\nbeta,2,4\n")]
    [InlineData("x,y,id\n1,2,al\rpha\n2,4,beta\n")]
    [InlineData("x;y\n1;2\n2;4\n")]
    [InlineData("x;y\n1,5;2\n2;4\n")]
    [InlineData("x\ty\n1\t2\n2\t4\n")]
    [InlineData("1,2\n2,4\n")]
    [InlineData("1,2\n\"2\",4\n")]
    [InlineData("x,y\n1,2\r2,4\r")]
    public void A_file_reads_as_standard_input_does(string csv)
    {
        foreach (var missing in new[] { MissingValuePolicy.Error, MissingValuePolicy.Drop })
        {
            AssertSameAsStandardInput(Encoding.UTF8.GetBytes(csv), ColumnSelection.Default, missing);
            AssertSameAsStandardInput(Encoding.UTF8.GetBytes(csv), new ColumnSelection("y", ["x"]), missing);
        }
    }

    [Fact]
    public void Random_csv_like_files_read_as_standard_input_does()
    {
        var text = Gen.Char[",\"\r\n 0123456789.-+eExyNA"].Array[0, 120].Select(chars => new string(chars));
        using var temp = new TempFolder();
        var columns = Gen.OneOf(ColumnSelection.Default, new ColumnSelection("1", ["0"]));
        Gen.Select(text, columns, Gen.OneOf(MissingValuePolicy.Error, MissingValuePolicy.Drop))
            .Sample((csv, selection, missing) => AssertSameAsStandardInput(Encoding.UTF8.GetBytes(csv), selection, missing, temp), iter: 4_000, threads: 1);
    }

    [Fact]
    public void Large_files_load_on_every_core_with_the_same_values_and_errors()
    {
        // About 6 MB, so the parallel loader takes it; each variant puts something unusual in its second half.
        var lines = Rows(60_000);
        var plain = "x1,x2,y\n" + string.Join('\n', lines) + "\n";
        AssertSameAsStandardInput(Encoding.UTF8.GetBytes(plain), ColumnSelection.Default, MissingValuePolicy.Error);

        foreach (var (row, replacement) in new[] { (45_000, "\"1.5\",2,3"), (45_001, "1.5,oops,3"), (59_999, ""), (30_000, "1,2"), (50_000, "NA,2,3") })
        {
            var changed = (string[])lines.Clone();
            changed[row] = replacement;
            var bytes = Encoding.UTF8.GetBytes("x1,x2,y\n" + string.Join('\n', changed) + "\n");
            AssertSameAsStandardInput(bytes, ColumnSelection.Default, MissingValuePolicy.Error);
            AssertSameAsStandardInput(bytes, ColumnSelection.Default, MissingValuePolicy.Drop);
        }
    }

    [Fact]
    public void The_row_reader_hands_over_to_csvhelper_at_the_first_unusual_row()
    {
        using var temp = new TempFolder();
        var lines = Rows(300);
        lines[150] = "\"7\",\"8\",\"9\"";
        lines[250] = "1,2,bad";
        var path = temp.Write("data.csv", "x1,x2,y\n" + string.Join('\n', lines) + "\n");
        using var table = TableReader.Open(DataSource.From(path, () => Stream.Null), CsvFormat.Default);
        using var reader = table.OpenRows();
        var values = new double[3];
        long dropped = 0;
        long previousBytes = 0;
        for (var row = 0; row < 250; row++)
        {
            Assert.True(reader.ReadRow([0, 1, 2], values, ref dropped));
            Assert.Equal(lines[row].Split(',').Select(cell => double.Parse(cell.Trim('"'), CultureInfo.InvariantCulture)), values);
            Assert.InRange(reader.BytesRead, previousBytes, long.MaxValue);
            previousBytes = reader.BytesRead;
        }

        var e = Assert.Throws<LinregException>(() => reader.ReadRow([0, 1, 2], values, ref dropped));
        Assert.Contains("data.csv:252:3: column 'y' has 'bad'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_cells_parse_to_double_parse_bit_for_bit()
    {
        // Decimals as CSV files hold them, any digit string the grammar allows, and decimals on a double's rounding
        // ties: the plain path must read exactly the double that double.Parse gives, or refuse the cell.
        Gen.Double.Where(double.IsFinite).Select(Gen.Int[0, Formats.Length - 1]).Sample((value, format) =>
        {
            var text = value.ToString(Formats[format], CultureInfo.InvariantCulture);
            AssertParsesLikeDoubleParse(text);
            AssertParsesLikeDoubleParse("+" + text.TrimStart('-'));
        }, iter: 20_000, threads: 1);
        Gen.Char["0123456789.eE+-"].Array[1, 30].Select(chars => new string(chars)).Sample(AssertParsesLikeDoubleParse, iter: 50_000, threads: 1);
        Gen.Double[1e-6, 1e7].Sample(value =>
        {
            var halfway = ((decimal)value + (decimal)Math.BitIncrement(value)) / 2;
            AssertParsesLikeDoubleParse(halfway.ToString(CultureInfo.InvariantCulture));
        }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void Short_decimals_read_as_csfastfloat_reads_them()
    {
        // ShortDecimal must be invisible: where it takes a cell, csFastFloat would take the same bytes as the same
        // double; everything else it leaves to csFastFloat. Cells from the grammar's edges: 15 to 20 digits, 2^53
        // and its neighbours, powers of ten at ±22 and ±23, leading zeros, both decimal marks.
        string[] edges =
        [
            "9007199254740992", "9007199254740993", "9007199254740991.5", "1234567890123456789", "12345678901234567890",
            "0000000000000000001", "00000000000000000001", "1e22", "1e23", "1e-22", "1e-23", "4.5e-21", "123.45e24",
            "-0", "-0.0", "+7", "1.", ".5", "1e", "1e+", "1.e5", "1.5E-3", "1.5e-0003", "2e99999999999", "0.1,2", "3.25x",
        ];
        var taken = 0;
        foreach (var mark in new[] { (byte)'.', (byte)',' })
        {
            foreach (var edge in edges)
            {
                taken += AssertReadsAsCsFastFloat(edge.Replace('.', (char)mark), mark) ? 1 : 0;
            }

            Gen.Double.Where(double.IsFinite).Select(Gen.Int[0, Formats.Length - 1]).Sample((value, format) =>
            {
                var text = value.ToString(Formats[format], CultureInfo.InvariantCulture).Replace('.', (char)mark);
                taken += AssertReadsAsCsFastFloat(text + ";", mark) ? 1 : 0;
            }, iter: 20_000, threads: 1);
            Gen.Char["0123456789.,eE+-"].Array[1, 24].Select(chars => new string(chars)).Sample(text => { _ = AssertReadsAsCsFastFloat(text, mark); }, iter: 50_000, threads: 1);
        }

        // Doubles printed short (G6, G9, F2, F6, E3, E8) are what it is for: most of them must take the short path.
        Assert.True(taken > 10_000, $"only {taken} cells took the short path");
    }

    private static bool AssertReadsAsCsFastFloat(string text, byte mark)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (!ShortDecimal.TryRead(bytes, mark, out var used, out var value))
        {
            return false;
        }

        var styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        Assert.True(csFastFloat.FastDoubleParser.TryParseDouble(bytes, out var libraryUsed, out var library, styles, mark, 0), $"'{text}' read as {value:R} where csFastFloat refuses it");
        Assert.True(used == libraryUsed, $"'{text}': {used} bytes read, csFastFloat {libraryUsed}");
        Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(library), $"'{text}': {value:R}, csFastFloat {library:R}");
        var invariant = Encoding.ASCII.GetString(bytes, 0, used).Replace((char)mark, '.');
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(invariant, NumberStyles.Float, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        return true;
    }

    private static void AssertParsesLikeDoubleParse(string text)
    {
        var values = new double[1];
        var plain = PlainCsvLayout.For(',', '.', 1, [0]).TryParseLine(Encoding.ASCII.GetBytes(text), values);
        var parses = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected) && double.IsFinite(expected);
        if (plain)
        {
            Assert.True(parses, $"'{text}' read as {values[0]:R} where double.Parse refuses it");
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(values[0]), $"'{text}': {values[0]:R}, double.Parse {expected:R}");
        }
    }

    private static string[] Rows(int count)
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, count).Select(_ => string.Join(',', Enumerable.Range(0, 3).Select(_ => ((float)((random.NextDouble() * 200) - 100)).ToString("R", CultureInfo.InvariantCulture))))];
    }

    private static void AssertSameAsStandardInput(byte[] csv, ColumnSelection columns, MissingValuePolicy missing, TempFolder? shared = null)
    {
        var temp = shared ?? new TempFolder();
        try
        {
            var path = temp.File("data.csv");
            File.WriteAllBytes(path, csv);
            var (fromFile, fileError) = Load(DataSource.From(path, () => Stream.Null), columns, missing);
            var (fromInput, inputError) = Load(DataSource.From("-", () => new MemoryStream(csv)), columns, missing);
            Assert.Equal(inputError?.Replace("standard input", path, StringComparison.Ordinal), fileError);
            if (fromInput is not null)
            {
                Assert.NotNull(fromFile);
                Assert.Equal(fromInput.FeatureNames, fromFile.FeatureNames);
                Assert.Equal(fromInput.TargetName, fromFile.TargetName);
                Assert.Equal(fromInput.Features, fromFile.Features);
                Assert.Equal(fromInput.Targets, fromFile.Targets);
                Assert.Equal(fromInput.DroppedRows, fromFile.DroppedRows);
            }
        }
        finally
        {
            if (shared is null)
            {
                temp.Dispose();
            }
        }
    }

    private static (Dataset? Data, string? Error) Load(DataSource source, ColumnSelection columns, MissingValuePolicy missing)
    {
        try
        {
            return (TableReader.LoadAll(source, CsvFormat.Default, columns, missing, CancellationToken.None), null);
        }
        catch (LinregException e)
        {
            return (null, $"{e.Code}: {e.Message}");
        }
    }
}

public class ReadAheadRowsTests
{
    [Fact]
    public void Rows_arrive_in_order_and_a_bad_row_fails_after_every_row_before_it()
    {
        using var temp = new TempFolder();
        var lines = Enumerable.Range(0, 10_000).Select(i => $"{i},{i * 2}").ToArray();
        lines[9_000] = "9000,oops";
        var path = temp.Write("data.csv", "x,y\n" + string.Join('\n', lines) + "\n");
        using var table = TableReader.Open(DataSource.From(path, () => Stream.Null), CsvFormat.Default);
        using var rows = table.Stream([0, 1], CancellationToken.None);
        var seen = 0;
        var e = Assert.Throws<LinregException>(() =>
        {
            while (rows.TryTake(out var block))
            {
                for (var i = 0; i < block.Count; i++, seen++)
                {
                    Assert.Equal([seen, seen * 2], block.Row(i).ToArray());
                }

                rows.Return(block);
            }
        });
        Assert.Equal(9_000, seen);
        Assert.Contains("data.csv:9002:2:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropped_rows_are_counted_and_cancellation_reaches_the_caller()
    {
        var csv = "x,y\n" + string.Join('\n', Enumerable.Range(0, 5_000).Select(i => i % 10 == 0 ? $"{i},NA" : $"{i},1")) + "\n";
        using (var table = TableReader.Open(DataSource.From("-", () => new MemoryStream(Encoding.UTF8.GetBytes(csv))), CsvFormat.Default, MissingValuePolicy.Drop))
        using (var rows = table.Stream([0, 1], CancellationToken.None))
        {
            var count = 0;
            while (rows.TryTake(out var block))
            {
                count += block.Count;
                rows.Return(block);
            }

            Assert.Equal(4_500, count);
            Assert.Equal(500, rows.Dropped);
        }

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var again = TableReader.Open(DataSource.From("-", () => new MemoryStream(Encoding.UTF8.GetBytes(csv))), CsvFormat.Default, MissingValuePolicy.Drop);
        using var stopped = again.Stream([0, 1], cancelled.Token);
        Assert.ThrowsAny<OperationCanceledException>(() => stopped.TryTake(out _));
    }
}

public class ParallelMetricsTests
{
    [Fact]
    public void Metrics_of_a_large_file_read_on_every_core_match_one_sequential_pass()
    {
        using var temp = new TempFolder();
        var random = new Random(5);
        var lines = Enumerable.Range(0, 300_000).Select(_ =>
        {
            var x = (float)(random.NextDouble() * 10);
            return string.Create(CultureInfo.InvariantCulture, $"{x:R},{(float)((2 * x) + 1 + random.NextDouble() - 0.5):R}");
        }).ToArray();
        var csv = "x,y\n" + string.Join('\n', lines) + "\n";
        var path = temp.Write("data.csv", csv);
        Assert.True(new FileInfo(path).Length > 4 << 20);
        var model = new Models.LinearModel(["x"], "y", [2.01f], 0.98f);

        using var fromFile = TableReader.Open(DataSource.From(path, () => Stream.Null), CsvFormat.Default);
        var parallel = Metrics.MetricsPass.Compute(model, fromFile, [0, 1], CancellationToken.None).Metrics!;
        using var fromInput = TableReader.Open(DataSource.From("-", () => new MemoryStream(Encoding.UTF8.GetBytes(csv))), CsvFormat.Default);
        var sequential = Metrics.MetricsPass.Compute(model, fromInput, [0, 1], CancellationToken.None).Metrics!;

        Assert.Equal(sequential.Rows, parallel.Rows);
        Assert.Equal(sequential.Mse, parallel.Mse, sequential.Mse * 1e-12);
        Assert.Equal(sequential.Mae, parallel.Mae, sequential.Mae * 1e-12);
        Assert.Equal(sequential.R2, parallel.R2, 1e-12);

        // One unusual row anywhere: CsvHelper reads on from that row alone, with the same result.
        lines[200_000] = "\"5\",11";
        var changed = temp.Write("changed.csv", "x,y\n" + string.Join('\n', lines) + "\n");
        using var changedReader = TableReader.Open(DataSource.From(changed, () => Stream.Null), CsvFormat.Default);
        var fallback = Metrics.MetricsPass.Compute(model, changedReader, [0, 1], CancellationToken.None).Metrics!;
        Assert.Equal(sequential.Rows, fallback.Rows);
    }

    [Fact]
    public void Merged_accumulators_equal_one_over_all_rows()
    {
        var random = new Random(9);
        var pairs = Enumerable.Range(0, 10_000).Select(_ => (random.NextDouble() * 100, (random.NextDouble() * 100) + 1e6)).ToArray();
        var whole = new Metrics.MetricsAccumulator();
        var parts = new[] { new Metrics.MetricsAccumulator(), new Metrics.MetricsAccumulator(), new Metrics.MetricsAccumulator() };
        for (var i = 0; i < pairs.Length; i++)
        {
            whole.Add(pairs[i].Item1, pairs[i].Item2);
            parts[i < 100 ? 0 : i < 7_000 ? 1 : 2].Add(pairs[i].Item1, pairs[i].Item2);
        }

        var merged = new Metrics.MetricsAccumulator();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        var expected = whole.Result();
        var actual = merged.Result();
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Mse, actual.Mse, expected.Mse * 1e-12);
        Assert.Equal(expected.R2, actual.R2, Math.Abs(expected.R2) * 1e-9);
    }
}
