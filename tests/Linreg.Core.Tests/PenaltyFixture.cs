using System.Globalization;
using System.Text.Json;
using Linreg.Core.Data;
using Linreg.Core.Training;

namespace Linreg.Core.Tests;

/// <summary>A case of Fixtures/penalties (scikit-learn's answers, make_penalties.py) and its CSV as a data set.</summary>
internal sealed class PenaltyFixture
{
    public static readonly string[] Names = ["diabetes", "longley", "stackloss", "fair"];

    private PenaltyFixture(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "penalties");
        Json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, name + ".json"))).RootElement;
        CsvPath = Path.GetFullPath(Path.Combine(directory, Json.GetProperty("csv").GetString()!));
        var lines = File.ReadAllLines(CsvPath).Skip(1).Where(l => l.Length > 0).ToArray();
        var cells = lines.Select(l => l.Split(',').Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var features = Json.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Data = new Dataset(name, features, Json.GetProperty("target").GetString()!, [.. cells.SelectMany(r => r[..^1])], [.. cells.Select(r => r[^1])]);
    }

    public JsonElement Json { get; }

    public string CsvPath { get; }

    public Dataset Data { get; }

    public static PenaltyFixture Load(string name) => new(name);

    public static PenaltyKind Kind(string word) => word switch
    {
        "l2" => PenaltyKind.L2,
        "l1" => PenaltyKind.L1,
        "elasticnet" => PenaltyKind.ElasticNet,
        _ => throw new ArgumentException(word),
    };

    public static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>Each coefficient within <paramref name="relative"/> of scikit-learn's (of the largest, for those near zero), zeros exactly zero.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        var largest = expected.Max(Math.Abs);
        for (var j = 0; j < expected.Count; j++)
        {
            var bound = relative * Math.Max(Math.Abs(expected[j]), 1e-3 * largest);
            Assert.True(Math.Abs(actual[j] - expected[j]) <= bound, $"{what}: coefficient {j}: {actual[j]:R} vs scikit-learn's {expected[j]:R}");
            Assert.True((expected[j] == 0) == (actual[j] == 0), $"{what}: coefficient {j}: {actual[j]:R} vs scikit-learn's {expected[j]:R} (zero pattern)");
        }
    }
}
