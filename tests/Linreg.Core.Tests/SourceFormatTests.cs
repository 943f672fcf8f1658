using System.Text;
using Linreg.Core.Data;
using Linreg.Tests;
using Parquet.Schema;

namespace Linreg.Core.Tests;

/// <summary>
/// Tables as people have them, read through the one reader: compressed, Parquet, European, whitespace-delimited,
/// with metadata and comments, from files and standard input. The fixtures are Grunfeld's data as the peer chroot's
/// pandas wrote and read them (Fixtures/formats/make_formats.py).
/// </summary>
public class SourceFormatTests
{
    private static readonly ColumnSelection Grunfeld = new("invest", ["value", "capital"]);

    private static DataSource File(string path) => DataSource.From(path, () => Stream.Null);

    private static DataSource Input(byte[] bytes) => DataSource.From("-", () => new MemoryStream(bytes));

    private static Dataset Load(DataSource source, CsvFormat? format = null, MissingValuePolicy missing = MissingValuePolicy.Error, ColumnSelection? columns = null) =>
        TableReader.LoadAll(source, format ?? CsvFormat.Default, columns ?? Grunfeld, missing, CancellationToken.None);

    private static void SameRows(Dataset expected, Dataset actual)
    {
        Assert.Equal(expected.FeatureNames, actual.FeatureNames);
        Assert.Equal(expected.Features, actual.Features);
        Assert.Equal(expected.Targets, actual.Targets);
    }

    [Fact]
    public void Csv_gzip_zstd_parquet_and_standard_input_give_the_same_rows()
    {
        using var temp = new TempFolder();
        var csvPath = FormatCopies.FormatsFixture("grunfeld.csv");
        var csv = System.IO.File.ReadAllBytes(csvPath);
        var zst = temp.File("grunfeld.csv.zst");
        System.IO.File.WriteAllBytes(zst, FormatCopies.Zstd(csv));
        var parquet = temp.File("grunfeld.parquet");
        System.IO.File.WriteAllBytes(parquet, FormatCopies.Parquet(Encoding.UTF8.GetString(csv), rowGroupRows: 64));
        var renamed = temp.File("grunfeld.data"); // by magic bytes, not by name
        System.IO.File.Copy(FormatCopies.FormatsFixture("grunfeld.csv.gz"), renamed);

        var expected = Load(File(csvPath));
        Assert.Equal(220, expected.RowCount);
        SameRows(expected, Load(File(FormatCopies.FormatsFixture("grunfeld.csv.gz"))));
        SameRows(expected, Load(File(renamed)));
        SameRows(expected, Load(File(zst)));
        SameRows(expected, Load(File(parquet)));
        SameRows(expected, Load(Input(csv)));
        SameRows(expected, Load(Input(System.IO.File.ReadAllBytes(FormatCopies.FormatsFixture("grunfeld.csv.gz")))));
        SameRows(expected, Load(Input(System.IO.File.ReadAllBytes(zst))));
        SameRows(expected, Load(Input(System.IO.File.ReadAllBytes(parquet))));
        SameRows(expected, Load(File(FormatCopies.FormatsFixture("grunfeld.txt")), new CsvFormat(CsvFormat.Whitespace)));
    }

    [Fact]
    public void European_csv_with_a_title_comments_and_na_tokens_reads_as_pandas_reads_it()
    {
        var path = FormatCopies.FormatsFixture("grunfeld_european.csv");
        var format = new CsvFormat(DecimalMark: ',', SkipRows: 1, Comment: '#');
        var error = Assert.Throws<LinregException>(() => Load(File(path), format));
        Assert.Equal($"{path}:7:3: column 'value' is missing ('NA'); fix the value, or pass --missing drop to skip such rows", error.Message);

        var dropped = Load(File(path), format, MissingValuePolicy.Drop);
        Assert.Equal(5, dropped.DroppedRows);
        Assert.Equal(215, dropped.RowCount);
        var plain = Load(File(FormatCopies.FormatsFixture("grunfeld.csv")));
        int[] missingRows = [3, 50, 100, 150, 199]; // make_formats.py's MISSING
        var kept = Enumerable.Range(0, plain.RowCount).Where(i => !missingRows.Contains(i)).ToArray();
        Assert.Equal(kept.Select(i => plain.Targets[i]), dropped.Targets);
        Assert.Equal(kept.SelectMany(i => plain.Row(i)[..2].ToArray()), dropped.Features);
    }

    [Fact]
    public void A_compressed_file_is_decompressed_again_for_every_pass()
    {
        using var table = TableReader.Open(File(FormatCopies.FormatsFixture("grunfeld.csv.gz")), CsvFormat.Default);
        Assert.True(table.CanReadAgain);
        var (features, target) = table.SelectColumns(Grunfeld);
        for (var pass = 0; pass < 3; pass++)
        {
            var (chunks, _) = table.Fold(features.Append(target).ToArray(), () => new double[1], (sum, row) => sum[0] += row[2], CancellationToken.None);
            Assert.Equal(Load(File(FormatCopies.FormatsFixture("grunfeld.csv"))).Targets.Sum(), chunks.Sum(c => c[0]), 9);
        }
    }

    [Theory]
    [InlineData(new byte[] { (byte)'B', (byte)'Z', (byte)'h', (byte)'9', 1, 2 }, "this is bzip2-compressed data, which linreg does not read (it reads CSV text, gzip, zstd and Parquet); decompress it first, e.g. bzcat")]
    [InlineData(new byte[] { 0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0 }, "this is xz-compressed data")]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0 }, "this is a zip archive, which linreg does not read")]
    public void Compression_linreg_does_not_read_is_named_with_how_to_decompress_it(byte[] head, string message)
    {
        using var temp = new TempFolder();
        var path = temp.File("data.csv.x");
        System.IO.File.WriteAllBytes(path, [.. head, .. new byte[100]]);
        Assert.Contains(message, Assert.Throws<LinregException>(() => Load(File(path))).Message, StringComparison.Ordinal);
        Assert.StartsWith("standard input: " + message[..20], Assert.Throws<LinregException>(() => Load(Input([.. head, .. new byte[100]]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parquet_reads_every_numeric_type_and_strings_of_numbers_and_names_a_null_by_row()
    {
        DataField[] fields = [new DataField<int>("i"), new DataField<long?>("l"), new DataField<float>("f"), new DataField<bool>("b"), new DataField<string>("s"), new DataField<double?>("y")];
        var bytes = FormatCopies.Write(fields, rowGroupRows: 2, rows: 5, (field, c, from, count) => field.Name switch
        {
            "i" => Enumerable.Range(from, count).ToArray(),
            "l" => Enumerable.Range(from, count).Select(r => r == 3 ? null : (long?)(10L * r)).ToArray(),
            "f" => Enumerable.Range(from, count).Select(r => r + 0.5f).ToArray(),
            "b" => Enumerable.Range(from, count).Select(r => r % 2 == 0).ToArray(),
            "s" => Enumerable.Range(from, count).Select(r => r == 4 ? "NA" : $"{r}.25").ToArray(),
            _ => Enumerable.Range(from, count).Select(r => (double?)(r * 2)).ToArray(),
        });
        using var temp = new TempFolder();
        var path = temp.File("t.parquet");
        System.IO.File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<LinregException>(() => Load(File(path), columns: ColumnSelection.Default));
        Assert.Equal($"{path}: row 4 (row group 2), column 'l' is missing (null); fix the value, or pass --missing drop to skip such rows", error.Message, ignoreLineEndingDifferences: false);
        var data = Load(File(path), missing: MissingValuePolicy.Drop, columns: ColumnSelection.Default);
        Assert.Equal(2, data.DroppedRows);
        Assert.Equal(["i", "l", "f", "b", "s"], data.FeatureNames);
        Assert.Equal([0, 0, 0.5, 1, 0.25, 1, 10, 1.5, 0, 1.25, 2, 20, 2.5, 1, 2.25], data.Features);
        Assert.Equal([0.0, 2, 4], data.Targets);
    }

    [Fact]
    public void A_text_column_in_parquet_or_csv_names_features_and_categorical_not_missing_drop()
    {
        var csv = FormatCopies.FormatsFixture("grunfeld.csv");
        var error = Assert.Throws<LinregException>(() => Load(File(csv), columns: ColumnSelection.Default));
        Assert.Equal($"{csv}:2:1: column 'firm' has 'General Motors', which is not a number (numbers use '.' for decimals, e.g. 1.5); leave the column out with --features, or read it as categories with --categorical", error.Message);

        using var temp = new TempFolder();
        var parquet = temp.File("g.parquet");
        System.IO.File.WriteAllBytes(parquet, FormatCopies.Parquet(System.IO.File.ReadAllText(csv), 100));
        error = Assert.Throws<LinregException>(() => Load(File(parquet), columns: ColumnSelection.Default));
        Assert.Equal($"{parquet}: row 1 (row group 1), column 'firm' has 'General Motors', which is not a number (numbers use '.' for decimals, e.g. 1.5); leave the column out with --features, or read it as categories with --categorical", error.Message);
    }

    [Theory]
    [InlineData("x,y\n1,2\n2,na\n3,4\n")]
    [InlineData("x,y\n1,2\n2,NULL\n3,4\n")]
    [InlineData("x,y\n1,2\n2, None \n3,4\n")]
    [InlineData("x,y\n1,2\n2,?\n3,4\n")]
    [InlineData("x,y\n1,2\n2,nan\n3,4\n")]
    [InlineData("x,y\n1,2\n2,n/a\n3,4\n")]
    public void The_default_na_tokens_are_missing_in_any_case(string csv)
    {
        using var temp = new TempFolder();
        var path = temp.File("d.csv");
        System.IO.File.WriteAllText(path, csv);
        Assert.Contains("is missing (", Assert.Throws<LinregException>(() => Load(File(path), columns: ColumnSelection.Default)).Message, StringComparison.Ordinal);
        Assert.Equal(1, Load(File(path), missing: MissingValuePolicy.Drop, columns: ColumnSelection.Default).DroppedRows);
    }

    [Fact]
    public void Na_values_replace_the_set_and_may_look_like_numbers_on_the_fast_path_too()
    {
        using var temp = new TempFolder();
        var path = temp.File("d.csv");
        System.IO.File.WriteAllText(path, "x,y\n1,2\n2,-999\n3,4\n4,NA\n");
        var format = new CsvFormat(NaValues: ["-999"]);
        Assert.Equal($"{path}:3:2: column 'y' is missing ('-999'); fix the value, or pass --missing drop to skip such rows", Assert.Throws<LinregException>(() => Load(File(path), format, columns: ColumnSelection.Default)).Message);
        System.IO.File.WriteAllText(path, "x,y\n1,2\n3,4\n4,NA\n");
        Assert.Contains(":4:2: column 'y' has 'NA', which is not a number", Assert.Throws<LinregException>(() => Load(File(path), format, columns: ColumnSelection.Default)).Message, StringComparison.Ordinal);
        System.IO.File.WriteAllText(path, "x,y\n1,2\n2,-999\n3,4\n");
        Assert.Equal([2.0, 4], Load(File(path), format, MissingValuePolicy.Drop, ColumnSelection.Default).Targets);
    }

    [Fact]
    public void A_decimal_comma_reads_on_the_fast_path_and_through_csvhelper_alike()
    {
        using var temp = new TempFolder();
        var path = temp.File("d.csv");
        const string text = "x;y\n1,5;2,25\n-0,5;1e3\n3;4,0\n";
        System.IO.File.WriteAllText(path, text);
        var format = new CsvFormat(DecimalMark: ',');
        var file = Load(File(path), format, columns: ColumnSelection.Default);
        Assert.Equal([1.5, -0.5, 3], file.Features);
        Assert.Equal([2.25, 1000, 4], file.Targets);
        SameRows(file, Load(Input(Encoding.UTF8.GetBytes(text)), format, columns: ColumnSelection.Default));

        System.IO.File.WriteAllText(path, "x;y\n1,5;2,25\n1.5;3\n");
        Assert.Equal($"{path}:3:1: column 'x' has '1.5', which is not a number (--decimal , was given: numbers use ',' for decimals, e.g. 1,5, and no thousands separator); leave the column out with --features, or read it as categories with --categorical", Assert.Throws<LinregException>(() => Load(File(path), format, columns: ColumnSelection.Default)).Message);
        Assert.Contains("--decimal , needs a delimiter other than ','", Assert.Throws<LinregException>(() => Load(File(path), format with { Delimiter = ',' })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_lines_comments_and_white_space_keep_the_file_s_line_numbers()
    {
        using var temp = new TempFolder();
        var path = temp.File("d.txt");
        System.IO.File.WriteAllText(path, "exported 2026-11-30\r\n\"a, b\" c\r\n  x   \"y # z\"  \r\n# note\r\n 1\t 2  # two\r\n\r\n2 \"4\"\r\n3 x\r\n");
        var format = new CsvFormat(CsvFormat.Whitespace, SkipRows: 2, Comment: '#');
        using (var table = TableReader.Open(File(path), format))
        {
            Assert.Equal(["x", "y # z"], table.ColumnNames);
        }

        Assert.StartsWith($"{path}:8:2: column 'y # z' has 'x'", Assert.Throws<LinregException>(() => Load(File(path), format, columns: ColumnSelection.Default)).Message, StringComparison.Ordinal);
        System.IO.File.WriteAllText(path, "exported 2026-11-30\r\n\"a, b\" c\r\n  x   \"y # z\"  \r\n# note\r\n 1\t 2  # two\r\n\r\n2 \"4\"\r\n");
        var data = Load(File(path), format, columns: ColumnSelection.Default);
        Assert.Equal([1.0, 2], data.Features);
        Assert.Equal([2.0, 4], data.Targets);
    }

    [Fact]
    public void A_damaged_or_cut_short_gzip_zstd_or_parquet_file_is_a_data_error_in_one_line()
    {
        using var temp = new TempFolder();
        var csv = System.IO.File.ReadAllBytes(FormatCopies.FormatsFixture("grunfeld.csv"));
        var gz = System.IO.File.ReadAllBytes(FormatCopies.FormatsFixture("grunfeld.csv.gz"));
        gz[1000] ^= 0xFF;
        gz[1001] ^= 0x55;
        var damaged = temp.File("damaged.csv.gz");
        System.IO.File.WriteAllBytes(damaged, gz);
        Assert.StartsWith($"{damaged}: cannot be decompressed (", Assert.Throws<LinregException>(() => Load(File(damaged))).Message, StringComparison.Ordinal);

        // .NET's decoder ends quietly where gzip data stops; the trailer's size tells.
        var half = System.IO.File.ReadAllBytes(FormatCopies.FormatsFixture("grunfeld.csv.gz"));
        var cutGz = temp.File("cut.csv.gz");
        System.IO.File.WriteAllBytes(cutGz, half[..(half.Length / 2)]);
        Assert.Matches(@"^\S+cut\.csv\.gz after line \d+: cannot be decompressed \(its trailer records \d+ bytes of text \(mod 2\^32\), the data gave \d+; gzip files joined into one read with zcat FILE \| linreg \.\.\. -\); the file is damaged or was cut short$", Assert.Throws<LinregException>(() => Load(File(cutGz))).Message);

        var zst = FormatCopies.Zstd(csv);
        var cut = temp.File("cut.csv.zst");
        System.IO.File.WriteAllBytes(cut, zst[..(zst.Length / 2)]);
        Assert.StartsWith($"{cut}: cannot be read (", Assert.Throws<LinregException>(() => Load(File(cut))).Message, StringComparison.Ordinal);

        var parquet = FormatCopies.Parquet(System.Text.Encoding.UTF8.GetString(csv), 64);
        var halfParquet = temp.File("half.parquet");
        System.IO.File.WriteAllBytes(halfParquet, parquet[..(parquet.Length / 2)]);
        Assert.StartsWith($"{halfParquet}: not a readable Parquet file (", Assert.Throws<LinregException>(() => Load(File(halfParquet))).Message, StringComparison.Ordinal);
    }
}
