using Linreg.Core.Solvers;
using Linreg.Core.Training;

namespace Linreg.Core.Tests;

/// <summary>Ridge, lasso and elastic net against scikit-learn (tol 1e-12) on four real data sets.</summary>
public class PenalizedLeastSquaresTests
{
    public static TheoryData<string> Cases { get; } = [.. PenaltyFixture.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Coefficients_equal_scikit_learns_to_1e_6_relative(string name)
    {
        var fixture = PenaltyFixture.Load(name);
        foreach (var fit in fixture.Json.GetProperty("fits").EnumerateArray())
        {
            var intercept = fit.GetProperty("intercept").GetBoolean();
            var penalty = new Penalty(PenaltyFixture.Kind(fit.GetProperty("penalty").GetString()!), fit.GetProperty("alpha").GetDouble(), fit.GetProperty("l1Ratio").ValueKind == System.Text.Json.JsonValueKind.Number ? fit.GetProperty("l1Ratio").GetDouble() : 0);
            var accumulator = ExactLeastSquares.Accumulate(fixture.Data, intercept, CancellationToken.None)!;
            var problem = CenteredProblem.From(accumulator, fit.GetProperty("standardize").GetBoolean());
            var (weights, bias) = problem.ToOriginal(PenalizedLeastSquares.Solve(problem, penalty));
            var what = $"{name} {penalty.Describe()}{(problem.Scale.Any(s => s != 1) ? " standardized" : string.Empty)}";
            PenaltyFixture.AssertClose(PenaltyFixture.Numbers(fit.GetProperty("weights")), weights, 1e-6, what);
            PenaltyFixture.AssertClose([fit.GetProperty("bias").GetDouble()], [bias], 1e-6, what + " intercept");
        }
    }
}
