using System.Globalization;
using System.Text.Json;
using Linreg.Core.Statistics;

namespace Linreg.Core.Tests.Statistics;

/// <summary>
/// A fixture case: its CSV parsed simply (the product's table reader is not what is under test here) and its JSON.
/// </summary>
internal sealed class StatisticsFixture
{
    private StatisticsFixture(string folder, string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", folder);
        Json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, name + ".json"))).RootElement;
        var lines = File.ReadAllLines(Path.Combine(directory, Json.GetProperty("csv").GetString()!));
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Where(line => line.Length > 0)
            .Select(line => line.Split(',').Select(cell => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        Features = [.. Json.GetProperty("features").EnumerateArray().Select(e => e.GetString()!)];
        HasIntercept = Json.GetProperty("intercept").GetBoolean();
        var featureColumns = Features.Select(name => Array.IndexOf(header, name)).ToArray();
        var target = Array.IndexOf(header, Json.GetProperty("target").GetString());
        var weights = Json.TryGetProperty("weights", out var w) && w.ValueKind == JsonValueKind.String ? Array.IndexOf(header, w.GetString()) : -1;
        X = [.. cells.Select(row => featureColumns.Select(c => row[c]).ToArray())];
        Y = [.. cells.Select(row => row[target])];
        W = weights < 0 ? null : [.. cells.Select(row => row[weights])];
    }

    public JsonElement Json { get; }

    public string[] Features { get; }

    public bool HasIntercept { get; }

    public double[][] X { get; }

    public double[] Y { get; }

    public double[]? W { get; }

    public int Rows => Y.Length;

    public static StatisticsFixture Load(string folder, string name) => new(folder, name);

    public double Weight(int row) => W?[row] ?? 1;

    /// <param name="shift">The shift to use: the first row's features by default (what callers pass), or zero.</param>
    public QrAccumulator Accumulate(bool shift = true, IEnumerable<int>? rows = null)
    {
        var accumulator = new QrAccumulator(Features.Length, HasIntercept, shift && HasIntercept ? X[0] : default);
        foreach (var r in rows ?? Enumerable.Range(0, Rows))
        {
            accumulator.Add(X[r], Y[r], Weight(r));
        }

        return accumulator;
    }

    public LeastSquaresSolution Solve(bool shift = true) => LeastSquaresSolution.Solve(Accumulate(shift), featureNames: Features);

    public RobustMeat Meat(LeastSquaresSolution solution, CovarianceType type)
    {
        var meat = new RobustMeat(solution, type);
        for (var r = 0; r < Rows; r++)
        {
            meat.Add(X[r], Y[r], Weight(r));
        }

        return meat;
    }

    /// <summary>A JSON number, or the non-finite value the fixture lists for a null at <paramref name="path"/>.</summary>
    public static double Number(JsonElement root, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        var text = root.GetProperty("nonfinite").GetProperty(path).GetString();
        return text switch
        {
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => double.NaN,
        };
    }
}
