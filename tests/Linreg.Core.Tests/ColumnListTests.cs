using Linreg.Core;

namespace Linreg.Core.Tests;

public class ColumnListTests
{
    [Theory]
    [InlineData("a,b", new[] { "a", "b" })]
    [InlineData(" a , b ,, ", new[] { "a", "b" })]
    [InlineData("\"a,b\",c", new[] { "a,b", "c" })]
    [InlineData("c, \"a,b\" ", new[] { "c", "a,b" })]
    [InlineData("\"say \"\"hi\"\"\"", new[] { "say \"hi\"" })]
    [InlineData("a\"b", new[] { "a\"b" })]
    [InlineData("0,2", new[] { "0", "2" })]
    public void A_list_is_read_as_one_csv_record(string text, string[] expected) =>
        Assert.Equal(expected, ColumnList.Parse(text, "--features"));

    [Fact]
    public void Import_keeps_empty_entries_for_its_own_refusal() =>
        Assert.Equal(["a", "", "b,c", ""], ColumnList.Parse("a,, \"b,c\",", "--features", keepEmpty: true));

    [Theory]
    [InlineData("\"a,b")]
    [InlineData("\"a\"b,c")]
    public void A_broken_quote_is_a_usage_error(string text) =>
        Assert.Equal(ExitCode.UsageError, Assert.Throws<LinregException>(() => ColumnList.Parse(text, "--keep")).Code);
}
