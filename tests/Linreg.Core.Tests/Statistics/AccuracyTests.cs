using System.Globalization;
using Linreg.Core.Statistics;
using Xunit.Abstractions;

namespace Linreg.Core.Tests.Statistics;

/// <summary>
/// Ill-conditioned designs against their exact rational least-squares solutions (Fixtures/accuracy, written by
/// make_accuracy.py there): each coefficient must keep all but two of the digits that rounding the input to float64
/// leaves (allowed_digits, the fewest over the coefficients), where numpy's lstsq and statsmodels lose up to seven
/// more. R's lm tolerance aliases x10 of poly10 (as lm does), so the fits here are at tolerance 0.
/// </summary>
public class AccuracyTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new() { "poly5", "poly10", "collinear", "longley", "pontius" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Keeps_the_digits_float64_input_allows(string name)
    {
        var fixture = StatisticsFixture.Load("accuracy", name);
        var json = fixture.Json;
        var exact = json.GetProperty("exact").EnumerateArray().Select(e => double.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();
        var exactDouble = json.GetProperty("exact_double").EnumerateArray().Select(e => double.Parse(e.GetString()!, CultureInfo.InvariantCulture)).ToArray();
        var allowed = json.GetProperty("allowed_digits").GetDouble();
        var numpy = json.GetProperty("numpy_digits").GetDouble();
        foreach (var shift in new[] { true, false })
        {
            var lm = LeastSquaresSolution.Solve(fixture.Accumulate(shift), featureNames: fixture.Features);
            output.WriteLine($"{name} shift={shift}: rank at lm's tolerance {lm.Rank}, aliased {string.Join(",", fixture.Features.Where((_, j) => lm.Aliased[j]))}");
            var solution = LeastSquaresSolution.Solve(fixture.Accumulate(shift), tolerance: 0, featureNames: fixture.Features);
            Assert.Equal(exact.Length, solution.Rank);
            double[] estimates = [solution.Intercept!.Value, .. solution.Coefficients.Select(c => c!.Value)];
            var digits = estimates.Select((b, i) => Digits(b, exact[i])).ToArray();
            var solver = estimates.Select((b, i) => Digits(b, exactDouble[i])).Min();
            output.WriteLine($"{name} shift={shift}: min digits {digits.Min():F2} (allowed {allowed:F2}, numpy {numpy:F2}; vs the float64 input's exact solution {solver:F2}); each {string.Join(" ", digits.Select(d => d.ToString("F2", CultureInfo.InvariantCulture)))}");
            for (var i = 0; i < exact.Length; i++)
            {
                Assert.True(digits[i] >= allowed - 2, $"{name} shift={shift} coefficient {i}: {digits[i]:F2} digits, allowed {allowed:F2}");
            }
        }
    }

    /// <summary>-log10 of the relative error; 17 when exact.</summary>
    private static double Digits(double estimate, double exact) => estimate == exact ? 17 : -Math.Log10(Math.Abs(estimate - exact) / Math.Abs(exact));
}
