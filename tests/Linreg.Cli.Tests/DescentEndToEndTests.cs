using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// The step size known before training, on real data (Fixtures/penalties: numpy's 2/L, make_penalties.py): the
/// default command either converges or stops with remedies, and each remedy works when followed.
/// </summary>
public partial class DescentEndToEndTests
{
    /// <summary>The fixture's data set, whether the standardized problem converges within the default 2000 epochs.</summary>
    public static TheoryData<string, bool> RealData { get; } = new()
    {
        { "diabetes", true },
        { "longley", false },
        { "stackloss", true },
        { "fair", true },
    };

    [Theory]
    [MemberData(nameof(RealData))]
    public void The_default_command_stops_before_training_with_remedies_that_each_work(string name, bool wellConditioned)
    {
        var (csv, fixture) = Fixture(name);
        var refused = CliRunner.Run("train", csv, "--log-every", "0");
        Assert.Equal(2, refused.ExitCode);
        Assert.Empty(refused.Output);
        Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var match = Refusal().Match(refused.ErrorLine);
        Assert.True(match.Success, refused.ErrorLine);

        // The bounds shown are numpy's, rounded down to two digits.
        var curvature = fixture.GetProperty("curvature");
        AssertRoundedDown(curvature.GetProperty("raw").GetProperty("stableBelow").GetDouble(), match.Groups["raw"].Value);
        AssertRoundedDown(curvature.GetProperty("standardized").GetProperty("stableBelow").GetDouble(), match.Groups["standardized"].Value);

        var remedies = match.Groups["remedies"].Value.Split(", or ");
        Assert.Equal(["--standardize --lr auto", "--lr " + match.Groups["safe"].Value, "--solver lstsq"], remedies);
        foreach (var remedy in remedies)
        {
            var followed = CliRunner.Run(["train", csv, "--log-every", "0", .. remedy.Split(' ')]);
            Assert.True(followed.ExitCode == 0, $"{name} {remedy}: {followed.Error}");
            if (remedy == "--standardize --lr auto")
            {
                var above = Above(followed.Error);
                Assert.True(wellConditioned ? above <= 0.1 : above > 1, $"{name}: {above}% above the optimum");
                Assert.Equal(!wellConditioned, followed.Error.Contains("linreg: warning: ill-conditioned: even standardized", StringComparison.Ordinal));
                Assert.Equal(!wellConditioned, followed.Error.Contains("gradient descent stopped far from the optimum: try more --epochs (now 2000), or --solver lstsq", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Lr_auto_is_one_over_the_largest_curvature_and_recorded_as_auto()
    {
        var (csv, fixture) = Fixture("stackloss");
        var result = CliRunner.Run("train", csv, "--standardize", "--lr", "auto", "--json", "--quiet");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var settings = json.RootElement.GetProperty("settings");
        Assert.True(settings.GetProperty("lrAuto").GetBoolean());
        var expected = fixture.GetProperty("curvature").GetProperty("standardized").GetProperty("stableBelow").GetDouble() / 2;
        Assert.Equal(1, settings.GetProperty("lr").GetDouble() / expected, 1e-9);
    }

    [Fact]
    public void Momentum_raises_the_bound_to_two_times_one_plus_m_over_l()
    {
        // seed.csv: L = 11.09, so plain SGD is stable below 0.18 and with momentum 0.9 below 0.34.
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--momentum", "0.9", "--lr", "0.3", "--log-every", "0").ExitCode);
        var refused = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--momentum", "0.9", "--lr", "0.35");
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("linreg: error: --lr 0.35 diverges on this data: gradient descent with --momentum 0.9 is stable below 0.34 here;", refused.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Mini_batches_and_adam_are_not_refused()
    {
        var batches = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--lr", "0.5", "--batch-size", "2", "--epochs", "3", "--log-every", "0");
        Assert.Contains("linreg: warning: --lr 0.5 diverges on this data: gradient descent is stable below 0.18 here", batches.Error, StringComparison.Ordinal);
        Assert.Contains("these are mini-batches, whose steps average to full-batch ones, so expect divergence", batches.Error, StringComparison.Ordinal);
        Assert.Equal(0, batches.ExitCode);

        // Adam's step is bounded by its rate whatever the curvature.
        var adam = CliRunner.Run("train", RepoPaths.Examples("seed.csv"), "--optimizer", "adam", "--lr", "1", "--log-every", "0");
        Assert.Equal(0, adam.ExitCode);
        Assert.DoesNotContain("diverges", adam.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Standardized_descent_starts_its_bias_at_the_targets_mean()
    {
        // One step of plain SGD from b = mean(y) on centred features leaves b there: its gradient is 0.
        using var temp = new TempFolder();
        var log = temp.File("steps.csv");
        Assert.Equal(0, CliRunner.Run("train", RepoPaths.Examples("scores.csv"), "--standardize", "--epochs", "1", "--log-every", "0", "--dtype", "float64", "--log", log).ExitCode);
        var step = File.ReadAllLines(log)[1].Split(',');
        Assert.Equal((152 + 185 + 180 + 196 + 142) / 5.0, double.Parse(step[^2], CultureInfo.InvariantCulture), 12);
    }

    private static (string Csv, JsonElement Fixture) Fixture(string name)
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "Linreg.Core.Tests", "Fixtures", "penalties");
        var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, name + ".json"))).RootElement;
        return (Path.GetFullPath(Path.Combine(folder, fixture.GetProperty("csv").GetString()!)), fixture);
    }

    private static void AssertRoundedDown(double exact, string shown)
    {
        var value = double.Parse(shown, CultureInfo.InvariantCulture);
        Assert.InRange(value, exact * 0.9, exact);
    }

    /// <summary>The summary's "(x% above)" of the least-squares optimum.</summary>
    private static double Above(string error) =>
        double.Parse(AboveOptimum().Match(error).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^linreg: error: --lr 0\.01 diverges on this data: gradient descent is stable below (?<raw>\S+) here; with --standardize below (?<standardized>\S+) \(try (?<remedies>--standardize --lr auto, or --lr (?<safe>\S+), or --solver lstsq)\)$")]
    private static partial Regex Refusal();

    [GeneratedRegex(@"least-squares optimum MSE \S+; this model is \S+ from it \(([\d.]+)% above\)")]
    private static partial Regex AboveOptimum();
}
