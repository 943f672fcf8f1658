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
}
