using Linreg.Core.Runtime;
using static TorchSharp.torch;

namespace Linreg.Core.Demos;

/// <summary>
/// The lesson's "why zero_grad is needed": z = 2w, backward() again and again. Without zeroing, w.grad keeps the
/// sum of every backward pass (2, 4, 6 …); with it, each pass sees 2 alone.
/// </summary>
public static class GradientAccumulationDemo
{
    /// <summary>The gradient of w after each backward pass, read from w.grad as the lesson prints it.</summary>
    /// <exception cref="LinregException">A usage error, before anything runs, when <paramref name="steps"/> is below 1.</exception>
    public static IEnumerable<float> Run(int steps, bool zeroGradEachStep)
    {
        if (steps < 1)
        {
            throw new LinregException(ExitCode.UsageError, $"--steps must be at least 1 (got {steps})");
        }

        return Backward(steps, zeroGradEachStep);
    }

    private static IEnumerable<float> Backward(int steps, bool zeroGradEachStep)
    {
        TorchRuntime.EnsureLoaded();
        using var w = tensor(2.0f, requires_grad: true);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            if (zeroGradEachStep)
            {
                w.grad?.zero_();
            }

            var z = 2 * w;
            z.backward();
            yield return w.grad!.item<float>();
        }
    }
}
