using System.Text;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Models;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// One huge line is refused at the line bound, by every reader path, instead of buffered whole. The bound is lowered
/// to 2 MiB here (it is 64 MiB), above the fast path's 1 MiB block, so each path meets it as it would meet 64 MiB.
/// </summary>
public sealed class LongLineTests : IDisposable
{
    private const long Bound = 2L << 20;
    private readonly TempFolder _temp = new();
    private readonly string _model;

    public LongLineTests()
    {
        LineBoundStream.MaxLineBytes = Bound;
        _model = _temp.File("model.json");
        ModelFile.Save(new ModelDocument(new LinearModel(["x"], "y", [2], 1), null, null, "test"), _model, []);
    }

    public void Dispose()
    {
        LineBoundStream.MaxLineBytes = LineBoundStream.DefaultMaxLineBytes;
        _temp.Dispose();
    }

    private static string Csv(int longLineBytes) => "id,x\na,1\n" + new string('z', longLineBytes - 2) + ",2\nc,3\n";

    private (string Output, LinregException? Error) Predict(string csv, bool stdin)
    {
        var output = new StringWriter();
        var io = new JobIO(output, new StringWriter(), () => new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var data = stdin ? "-" : _temp.Write("data.csv", csv);
        try
        {
            PredictJob.Run(new PredictJobSettings { ModelPath = _model, Data = data }, io, CancellationToken.None);
            return (output.ToString(), null);
        }
        catch (LinregException e)
        {
            return (output.ToString(), e);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Predict_refuses_a_line_over_the_bound_naming_it(bool stdin)
    {
        var (output, error) = Predict(Csv((int)Bound + 10), stdin);
        Assert.NotNull(error);
        Assert.Equal(ExitCode.DataError, error.Code);
        Assert.Matches(@":3: this line is longer than 2 MiB, the most linreg reads as one row \(it holds a row in memory\); a CSV file has one row per line: check that this is CSV text with line breaks and closed quotes", error.Message);
        Assert.Equal("3\n", output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_line_within_the_bound_is_read(bool stdin)
    {
        var (output, error) = Predict(Csv((int)Bound - 10), stdin);
        Assert.Null(error);
        Assert.Equal("3\n5\n7\n", output);
    }

    [Fact]
    public void Training_and_a_long_header_meet_the_same_bound()
    {
        var data = _temp.Write("long.csv", Csv((int)Bound + 10).Replace("id,x\n", "id,x,y\n", StringComparison.Ordinal).Replace(",1\n", ",1,1\n", StringComparison.Ordinal).Replace(",2\n", ",2,2\n", StringComparison.Ordinal).Replace(",3\n", ",3,3\n", StringComparison.Ordinal));
        var train = Assert.Throws<LinregException>(() => TableReader.LoadAll(DataSource.From(data, () => Stream.Null), CsvFormat.Default, ColumnSelection.Default with { Features = ["x"] }, MissingValuePolicy.Error, CancellationToken.None));
        Assert.Contains("long.csv:3: this line is longer than 2 MiB", train.Message, StringComparison.Ordinal);

        var header = _temp.Write("header.csv", new string('h', (int)Bound + 10) + ",x\n1,2\n");
        var head = Assert.Throws<LinregException>(() => TableReader.Open(DataSource.From(header, () => Stream.Null), CsvFormat.Default).Dispose());
        Assert.Contains("header.csv:1: this line is longer than 2 MiB", head.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_cell_spanning_lines_counts_as_one_record()
    {
        var lines = string.Concat(Enumerable.Repeat(new string('z', 1000) + "\n", 2200));
        var (output, error) = Predict("id,x\na,1\n\"" + lines + "\",2\nc,3\n", stdin: true);
        Assert.NotNull(error);
        Assert.Contains(":3: the record starting on this line (a quoted cell spanning lines) is longer than 2 MiB", error.Message, StringComparison.Ordinal);
        Assert.Equal("3\n", output);

        // Quotes toggle, "" twice: the short quoted record below, with an escaped quote and a line break, ends where CSV says.
        var (fine, none) = Predict("id,x\n\"say \"\"hi\"\"\nthere\",1\n" + new string('z', (int)Bound - 100) + ",2\n", stdin: true);
        Assert.Null(none);
        Assert.Equal("3\n5\n", fine);
    }

    [Fact]
    public void An_unclosed_quote_stops_at_the_bound_instead_of_reading_the_rest_of_the_file()
    {
        var rest = string.Concat(Enumerable.Repeat("1,2\n", 700_000));
        var (_, error) = Predict("id,x\n\"a,1\n" + rest, stdin: true);
        Assert.NotNull(error);
        Assert.Contains(":2: the record starting on this line (a quoted cell spanning lines) is longer than 2 MiB", error.Message, StringComparison.Ordinal);
    }
}
