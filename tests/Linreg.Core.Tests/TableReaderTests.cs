using System.Text;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Tests;

namespace Linreg.Core.Tests;

public class TableReaderTests
{
    private static Dataset Load(string csv, CsvFormat? format = null, ColumnSelection? columns = null, MissingValuePolicy missing = MissingValuePolicy.Error) =>
        TableReader.LoadAll(FromText(csv), format ?? CsvFormat.Default, columns ?? ColumnSelection.Default, missing, CancellationToken.None);

    private static DataSource FromText(string csv) => FromBytes(Encoding.UTF8.GetBytes(csv));

    private static DataSource FromBytes(byte[] bytes) => DataSource.From("-", () => new MemoryStream(bytes));

    private static LinregException Fails(string csv, CsvFormat? format = null, ColumnSelection? columns = null) =>
        Assert.Throws<LinregException>(() => Load(csv, format, columns));

    [Fact]
    public void Header_names_columns_and_the_last_column_is_the_target()
    {
        var data = Load("x,y\n1,2\n2,4\n3,6\n");
        Assert.Equal(["x"], data.FeatureNames);
        Assert.Equal("y", data.TargetName);
        Assert.Equal([1f, 2f, 3f], data.Features);
        Assert.Equal([2f, 4f, 6f], data.Targets);
    }

    [Fact]
    public void Several_features_are_stored_row_major()
    {
        var data = Load("x1,x2,x3,y\n73,80,75,152\n93,88,93,185\n");
        Assert.Equal(3, data.FeatureCount);
        Assert.Equal([73f, 80f, 75f, 93f, 88f, 93f], data.Features);
        Assert.Equal([88f, 93f], data.Row(1)[1..].ToArray());
    }

    [Fact]
    public void A_first_row_of_numbers_is_data_with_positional_names()
    {
        var data = Load("1,2\n2,4\n");
        Assert.Equal(["x1"], data.FeatureNames);
        Assert.Equal("y", data.TargetName);
        Assert.Equal(2, data.RowCount);
    }

    [Fact]
    public void Header_can_be_forced_either_way()
    {
        Assert.Equal(1, Load("1,2\n2,4\n", new CsvFormat(Header: HeaderMode.Present)).RowCount);
        var error = Fails("x,y\n1,2\n", new CsvFormat(Header: HeaderMode.Absent));
        Assert.Contains("-:1:1", error.Message.Replace("standard input", "-", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x;y\n1;2\n2;4\n")]
    [InlineData("x\ty\n1\t2\n2\t4\n")]
    [InlineData("x|y\n1|2\n2|4\n")]
    [InlineData("x,y\r\n1,2\r\n2,4\r\n")]
    [InlineData("\"x\",\"y\"\n\"1\",\"2\"\n2,\"4\"\n")]
    public void Delimiters_quoting_and_line_endings_are_understood(string csv)
    {
        var data = Load(csv);
        Assert.Equal(["x"], data.FeatureNames);
        Assert.Equal([2f, 4f], data.Targets);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_ignored()
    {
        var data = TableReader.LoadAll(FromBytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("x,y\n1,2\n")]), CsvFormat.Default, ColumnSelection.Default, MissingValuePolicy.Error, CancellationToken.None);
        Assert.Equal(["x"], data.FeatureNames);
    }

    [Fact]
    public void Numbers_are_read_in_the_invariant_culture()
    {
        var data = Load("x;y\n1.5;2e3\n-0.25;1E-2\n", new CsvFormat(';'));
        Assert.Equal([1.5f, -0.25f], data.Features);
        Assert.Equal([2000.0, 0.01], data.Targets);
    }

    [Fact]
    public void Columns_are_chosen_by_name_or_index()
    {
        var data = Load("a,b,c\n1,2,3\n4,5,6\n", columns: new ColumnSelection("a", ["c"]));
        Assert.Equal("a", data.TargetName);
        Assert.Equal(["c"], data.FeatureNames);
        Assert.Equal([3f, 6f], data.Features);

        var byIndex = Load("a,b,c\n1,2,3\n4,5,6\n", columns: new ColumnSelection("0", ["2", "1"]));
        Assert.Equal(["c", "b"], byIndex.FeatureNames);
        Assert.Equal([3f, 2f, 6f, 5f], byIndex.Features);
    }

    [Fact]
    public void An_unknown_column_names_the_columns_there_are()
    {
        var error = Fails("a,b\n1,2\n", columns: new ColumnSelection("z"));
        Assert.Equal(ExitCode.DataError, error.Code);
        Assert.Contains("unknown column 'z' for --target", error.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x,y\n1,2\n2,abc\n", ":3:2: column 'y' has 'abc', which is not a number")]
    [InlineData("x,y\n1,2\n,4\n", ":3:1: column 'x' is empty")]
    [InlineData("x,y\n1,NaN\n", ":2:2: column 'y' is missing ('NaN')")]
    [InlineData("x,y\n1,-Infinity\n", ":2:2: column 'y' has '-Infinity', which is not a finite number")]
    [InlineData("x,y\n1e309,2\n", ":2:1: column 'x' has '1e309', which is outside the float64 range")]
    [InlineData("x,y\n1,2\n3,4,5\n", ":3: this row has 3 field(s) but the header has 2")]
    [InlineData("x,y\n1,\"1,000\"\n", ":2:2: column 'y' has '1,000', which is not a number")]
    [InlineData("x,y\n1,2\n3\n", ":3: this row has 1 field(s) but the header has 2")]
    public void A_bad_cell_or_row_is_named_by_line_and_column(string csv, string expected)
    {
        var error = Fails(csv);
        Assert.Equal(ExitCode.DataError, error.Code);
        Assert.Contains("standard input" + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_drop_skips_bad_rows_and_counts_them()
    {
        var data = Load("x,y\n1,2\n,4\n3,abc\n4,8\n", missing: MissingValuePolicy.Drop);
        Assert.Equal([1f, 4f], data.Features);
        Assert.Equal(2, data.DroppedRows);
    }

    [Theory]
    [InlineData("", "no data (the input is empty)")]
    [InlineData("x,y\n", "it has a header but no data rows")]
    [InlineData("y\n1\n2\n", "only one column")]
    [InlineData("x,\"y\n1,2\n", "malformed CSV")]
    [InlineData("x,y\n\0\u0001\u0002,\u0003\n", "not a number")]
    [InlineData("\0\u0001ELF\u0002,\u0003\n", "binary")]
    [InlineData("x,x\n1,2\n", "names column 'x' twice")]
    public void Unusable_input_is_refused_with_a_reason(string csv, string expected)
    {
        var error = Fails(csv);
        Assert.Equal(ExitCode.DataError, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_or_a_folder_is_a_data_error()
    {
        using var temp = new TempFolder();
        var missing = Assert.Throws<LinregException>(() => DataSource.From(temp.File("nope.csv"), () => Stream.Null).EnsureReadable());
        Assert.Contains("file not found", missing.Message, StringComparison.Ordinal);
        var folder = Assert.Throws<LinregException>(() => DataSource.From(temp.Path, () => Stream.Null).EnsureReadable());
        Assert.Contains("is a folder", folder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_are_read_like_standard_input()
    {
        var data = TableReader.LoadAll(DataSource.From(RepoPaths.Examples("seed.csv"), () => Stream.Null), CsvFormat.Default, ColumnSelection.Default, MissingValuePolicy.Error, CancellationToken.None);
        Assert.Equal([2f, 4f, 6f], data.Targets);
        Assert.EndsWith("seed.csv", data.SourceName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wide_tables_error_names_its_first_columns_and_counts_the_rest()
    {
        var header = string.Join(',', Enumerable.Range(0, 50_000).Select(i => $"feature{i}"));
        var row = string.Join(',', Enumerable.Repeat("1", 50_000));
        var e = Fails($"{header}\n{row}\n", columns: new ColumnSelection("nope"));
        Assert.Equal(
            "standard input: unknown column 'nope' for --target; the columns are feature0, feature1, feature2, feature3, feature4, feature5, feature6, feature7, feature8, feature9, feature10, feature11, … (49,988 more) (names, or 0-based indices 0-49999)",
            e.Message);
    }

    [Fact]
    public void A_narrow_tables_error_names_every_column()
    {
        var e = Fails("a,b,c\n1,2,3\n", columns: new ColumnSelection("nope"));
        Assert.Equal("standard input: unknown column 'nope' for --target; the columns are a, b, c (names, or 0-based indices 0-2)", e.Message);
    }
}
