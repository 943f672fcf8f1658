using System.Text;
using Linreg.Core;
using Linreg.Core.Data;
using Linreg.Core.Metrics;
using Linreg.Tests;

namespace Linreg.Core.Tests;

/// <summary>--weights' column through the reader (the fast path, CsvHelper, standard input) and the weighted spread and metrics.</summary>
public sealed class WeightedRowsTests : IDisposable
{
    private const string Csv = "x,w,y\n1,0.5,2\n2,0,4\n3,2,7\n4,1.25,9\n";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_weight_column_is_read_beside_the_features_and_target_and_is_no_feature()
    {
        var data = LoadText(Csv);
        Assert.Equal(["x"], data.FeatureNames);
        Assert.Equal([0.5, 0, 2, 1.25], data.Weights!);
        Assert.Equal([2.0, 4, 7, 9], data.Targets);
        Assert.Null(LoadText(Csv, weights: null).Weights);
    }

    [Fact]
    public void A_file_read_on_every_core_and_by_csvhelper_give_the_same_weights()
    {
        var plain = _temp.Write("plain.csv", Csv);
        var quoted = _temp.Write("quoted.csv", Csv.Replace("3,2,7", "3,\"2\",7", StringComparison.Ordinal));
        var fromFile = LoadFile(plain);
        var fromCsvHelper = LoadFile(quoted);
        Assert.Equal(fromFile.Weights, fromCsvHelper.Weights);
        Assert.Equal(fromFile.Features, fromCsvHelper.Features);
        Assert.Equal(LoadText(Csv).Weights, fromFile.Weights);
    }

    [Fact]
    public void Several_files_concatenate_their_weights()
    {
        var first = _temp.Write("a.csv", "x,w,y\n1,0.5,2\n2,0,4\n");
        var second = _temp.Write("b.csv", "x,w,y\n3,2,7\n4,1.25,9\n");
        using var tables = TableSet.Open([DataSource.From(first, () => Stream.Null), DataSource.From(second, () => Stream.Null)], CsvFormat.Default, MissingValuePolicy.Error, new ColumnSelection(Weights: "w"));
        Assert.Equal("w", tables.WeightName);
        Assert.Equal([0.5, 0, 2, 1.25], tables.Load(CancellationToken.None).Weights!);
    }

    [Theory]
    [InlineData("x,w,y\n1,1,2\n2,-0.5,4\n", "data row 2, column 'w': weight -0.5")]
    [InlineData("x,w,y\n1,0,2\n2,0,4\n", "every weight in column 'w' is 0")]
    public void A_negative_weight_or_all_zero_weights_are_data_errors(string csv, string message)
    {
        var path = _temp.Write("bad.csv", csv);
        using var tables = TableSet.Open([DataSource.From(path, () => Stream.Null)], CsvFormat.Default, MissingValuePolicy.Error, new ColumnSelection(Weights: "w"));
        var error = Assert.Throws<LinregException>(() => tables.Load(CancellationToken.None));
        Assert.Equal(ExitCode.DataError, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_weighted_spread_in_chunks_equals_the_two_pass_sums()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 1000).Select(_ => 1e6 + random.NextDouble()).ToArray();
        var weights = Enumerable.Range(0, 1000).Select(i => i % 7 == 0 ? 0 : random.NextDouble() * 3).ToArray();
        var sum = weights.Sum();
        var mean = values.Zip(weights, (v, w) => v * w).Sum() / sum;
        var squares = values.Zip(weights, (v, w) => w * (v - mean) * (v - mean)).Sum();

        var merged = new TargetSpread();
        for (var start = 0; start < values.Length; start += 137)
        {
            var chunk = new TargetSpread();
            for (var i = start; i < Math.Min(values.Length, start + 137); i++)
            {
                chunk.Add(values[i], weights[i]);
            }

            merged.Merge(chunk);
        }

        Assert.Equal(1000, merged.Count);
        Assert.Equal(sum, merged.SumWeights, 1e-12 * sum);
        Assert.Equal(mean, merged.Mean, 1e-12 * mean);
        Assert.Equal(squares, merged.SumOfSquares, 1e-9 * squares);
    }

    [Fact]
    public void Weights_of_one_give_the_unweighted_arithmetic_bit_for_bit()
    {
        // Welford's count-based update, as it was before weights: a weight of 1 must not move a bit of it.
        var spread = new TargetSpread();
        var (count, mean, squares) = (0L, 0.0, 0.0);
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var value = 1e3 + (random.NextDouble() * 10);
            spread.Add(value, 1);
            count++;
            var delta = value - mean;
            mean += delta / count;
            squares += delta * (value - mean);
        }

        Assert.Equal(mean, spread.Mean);
        Assert.Equal(squares, spread.SumOfSquares);
        Assert.Equal(count, spread.SumWeights);
    }

    private static Dataset LoadText(string csv, string? weights = "w") =>
        TableReader.LoadAll(DataSource.From("-", () => new MemoryStream(Encoding.UTF8.GetBytes(csv))), CsvFormat.Default, new ColumnSelection(Weights: weights), MissingValuePolicy.Error, CancellationToken.None);

    private static Dataset LoadFile(string path) =>
        TableReader.LoadAll(DataSource.From(path, () => Stream.Null), CsvFormat.Default, new ColumnSelection(Weights: "w"), MissingValuePolicy.Error, CancellationToken.None);
}
