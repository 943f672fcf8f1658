using Linreg.Core.Data;
using Linreg.Core.Jobs;
using Linreg.Core.Solvers;
using Linreg.Core.Training;

namespace Linreg.Core.Tests;

/// <summary>The curvature that bounds gradient descent's step, against numpy's eigenvalues (make_penalties.py).</summary>
public class StepSizeTests
{
    [Fact]
    public void One_feature_takes_the_closed_form_of_the_lessons_two_by_two_hessian()
    {
        // The lesson's x = 1, 2, 3: H = 2·[[E x², E x], [E x, 1]] = [[28/3, 4], [4, 2]], trace 34/3, determinant 8/3.
        var seed = new Dataset("seed", ["x"], "y", [1, 2, 3], [2, 4, 6]);
        var step = StepSize.Of(seed.Moments, new Penalty(PenaltyKind.None, 0, 0), standardized: false)!;
        var (trace, determinant) = (34.0 / 3, 8.0 / 3);
        var largest = (trace + Math.Sqrt((trace * trace) - (4 * determinant))) / 2;
        Assert.Equal(largest, step.Largest, 12);
        Assert.Equal(determinant / largest, step.Smallest, 12);
        Assert.InRange(step.StableBelow(0), 0.17, 0.19);
    }

    public static TheoryData<string> Cases { get; } = [.. PenaltyFixture.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_stable_rate_and_the_condition_number_are_numpys(string name)
    {
        var fixture = PenaltyFixture.Load(name);
        var streamed = DataMoments.FromFactor(ExactLeastSquares.Accumulate(fixture.Data, intercept: true, CancellationToken.None)!);
        foreach (var (key, standardized) in new[] { ("raw", false), ("standardized", true) })
        {
            var expected = fixture.Json.GetProperty("curvature").GetProperty(key);
            foreach (var moments in new[] { fixture.Data.Moments, streamed })
            {
                var step = StepSize.Of(moments, default, standardized)!;
                Assert.Equal(1, step.StableBelow(0) / expected.GetProperty("stableBelow").GetDouble(), 1e-9);

                // The smallest eigenvalue of an unscaled Hessian is below its largest's rounding (longley: κ = 2e19).
                var condition = expected.GetProperty("condition").GetDouble();
                if (condition < 1e8)
                {
                    Assert.Equal(1, step.Condition / condition, 1e-6);
                }
            }
        }
    }

    [Fact]
    public void Momentum_widens_the_bound_and_adams_rate_follows_the_target()
    {
        var moments = PenaltyFixture.Load("stackloss").Data.Moments;
        var step = StepSize.Of(moments, default, standardized: false)!;
        Assert.Equal(1.9 * step.StableBelow(0), step.StableBelow(0.9), 12);
        Assert.Equal(step.StableBelow(0) / 2, step.Auto, 15);
        Assert.Equal(Math.Sqrt(moments.TargetVariance) / 100, StepSize.AdamAuto(moments), 15);

        // A ridge penalty adds 2β/n to the curvature of every weight, so it lowers the bound.
        var penalised = StepSize.Of(moments, new Penalty(PenaltyKind.L2, 1000, 0), standardized: false)!;
        Assert.True(penalised.Largest > step.Largest);
    }

    [Theory]
    [InlineData(1.3588355659518898e-05, "1.3e-05")]
    [InlineData(0.24849593177048043, "0.24")]
    [InlineData(0.18, "0.18")]
    [InlineData(1.0, "1")]
    [InlineData(12.99, "12")]
    public void Bounds_are_shown_rounded_down(double bound, string shown) => Assert.Equal(shown, DescentPlan.Floor(bound));

    [Theory]
    [InlineData(PenaltyKind.L2, 5.0)]
    [InlineData(PenaltyKind.ElasticNet, 0.05)]
    public void Descent_with_a_penalty_reaches_the_exact_penalised_fit(PenaltyKind kind, double alpha)
    {
        // float64 descent on standardized stackloss (κ ≈ 10) at --lr auto: the cost it descends, MSE + penalty, has
        // the exact solver's minimiser, so the two agree as far as descent gets. The elastic net's l1 part is a
        // subgradient, which keeps a weight jittering around zero: only the ridge part is held to 1e-9.
        var data = PenaltyFixture.Load("stackloss").Data;
        var scaling = Standardization.Fit(data);
        var penalty = new Penalty(kind, alpha, 0.5);
        var settings = new TrainSettings { Penalty = kind, Alpha = alpha, L1Ratio = kind == PenaltyKind.ElasticNet ? 0.5 : null, Standardize = true, DType = DataType.Float64, Epochs = 3000, LogEvery = 0 };
        settings = settings with { LearningRate = StepSize.Of(data.Moments, penalty, standardized: true)!.Auto };
        var result = Trainer.Train(scaling.Apply(data), settings, [], CancellationToken.None);
        var exact = PenalizedLeastSquares.Solve(CenteredProblem.From(ExactLeastSquares.Accumulate(data, true, CancellationToken.None)!, standardize: true), penalty);
        for (var j = 0; j < exact.Length; j++)
        {
            Assert.Equal(exact[j], result.Weights[j], kind == PenaltyKind.L2 ? 1e-9 * Math.Abs(exact[j]) : 1e-3 * exact.Max(Math.Abs));
        }
    }
}
