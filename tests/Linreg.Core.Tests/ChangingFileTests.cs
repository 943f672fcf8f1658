using System.Globalization;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>
/// A table read more than once (every epoch of --stream, a scaling pass, a metrics pass) reads the same file each
/// time or says it cannot; and whatever stops the reading thread reaches the reader's consumer instead of leaving
/// it waiting.
/// </summary>
public class ChangingFileTests
{
    private static string Rows(int count, string header = "x,y") =>
        header + "\n" + string.Concat(Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{2 * i}\n")));

    private static int CountRows(TableReader table, int[] columns)
    {
        using var rows = table.Stream(columns, CancellationToken.None);
        var count = 0;
        while (rows.TryTake(out var block))
        {
            count += block.Count;
            rows.Return(block);
        }

        return count;
    }

    [Theory]
    [InlineData("x,y")] // the same header, other rows: the size changes
    [InlineData("a,b")] // the same size, another header
    public void A_file_rewritten_in_place_between_passes_is_a_data_error(string newHeader)
    {
        using var temp = new TempFolder();
        var path = temp.Write("data.csv", Rows(1_000));
        using var table = TableReader.Open(DataSource.From(path, () => Stream.Null), CsvFormat.Default);
        Assert.Equal(1_000, CountRows(table, [0, 1]));

        File.WriteAllText(path, newHeader == "x,y" ? Rows(900) : Rows(1_000, newHeader));
        var e = Assert.Throws<LinregException>(() => CountRows(table, [0, 1]));
        Assert.Equal(ExitCode.DataError, e.Code);
        Assert.StartsWith($"{path}: the file changed while linreg was reading it (", e.Message, StringComparison.Ordinal);
        Assert.Throws<LinregException>(() => table.Load([0], 1, CancellationToken.None));
    }

    [Fact]
    public void A_file_replaced_by_a_rename_is_read_as_it_was_when_opened()
    {
        using var temp = new TempFolder();
        var path = temp.Write("data.csv", Rows(1_000));
        using var table = TableReader.Open(DataSource.From(path, () => Stream.Null), CsvFormat.Default);
        File.Move(temp.Write("other.csv", Rows(10, "a,b")), path, overwrite: true);
        Assert.Equal(1_000, CountRows(table, [0, 1]));
        Assert.Equal(1_000, table.Load([0], 1, CancellationToken.None).RowCount);
    }

    [Fact]
    public async Task A_reading_thread_that_fails_unexpectedly_hands_its_failure_to_the_consumer()
    {
        using var temp = new TempFolder();
        var path = temp.Write("data.csv", Rows(300_000));
        var table = TableReader.Open(DataSource.From(path, () => Stream.Null), CsvFormat.Default);
        using var rows = table.Stream([0, 1], CancellationToken.None, blockRows: 16);
        Assert.True(rows.TryTake(out var first));
        table.Dispose(); // the handle closes under the reading thread, which next reads past its buffer
        rows.Return(first);
        var drained = Task.Run(() =>
        {
            while (rows.TryTake(out var block))
            {
                rows.Return(block);
            }
        });
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => drained.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
