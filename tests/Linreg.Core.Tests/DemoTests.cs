using Linreg.Core.Demos;

namespace Linreg.Core.Tests;

public class DemoTests
{
    [Fact]
    public void Gradients_accumulate_without_zero_grad()
    {
        var gradients = GradientAccumulationDemo.Run(21, zeroGradEachStep: false).ToArray();
        Assert.Equal(Enumerable.Range(1, 21).Select(i => 2f * i), gradients);
    }

    [Fact]
    public void Zeroing_the_gradient_gives_two_every_time()
    {
        Assert.All(GradientAccumulationDemo.Run(5, zeroGradEachStep: true), g => Assert.Equal(2f, g));
    }

    [Fact]
    public void Seeds_repeat_their_draws()
    {
        var runs = SeedDemo.Run([3, 5, 3], 2).ToArray();
        Assert.Equal(0.0043, runs[0].Draws[0], 4);
        Assert.Equal(0.1056, runs[0].Draws[1], 4);
        Assert.Equal(0.8303, runs[1].Draws[0], 4);
        Assert.Equal(0.1261, runs[1].Draws[1], 4);
        Assert.Equal(runs[0].Draws, runs[2].Draws);
    }

    [Fact]
    public void Counts_below_one_are_usage_errors_at_the_call_not_at_the_first_value()
    {
        // Eager: a caller that prints before iterating (grad-demo's explanation) must not print before the error.
        var steps = Assert.Throws<LinregException>(() => GradientAccumulationDemo.Run(0, zeroGradEachStep: false));
        Assert.Equal((ExitCode.UsageError, "--steps must be at least 1 (got 0)"), (steps.Code, steps.Message));
        var count = Assert.Throws<LinregException>(() => SeedDemo.Run([3], -1));
        Assert.Equal((ExitCode.UsageError, "--count must be at least 1 (got -1)"), (count.Code, count.Message));
    }
}
