using Linreg.Core.Runtime;
using static TorchSharp.torch;

namespace Linreg.Core.Demos;

/// <summary>
/// The lesson's "why torch.manual_seed": after manual_seed(s), torch.rand(1) draws the same sequence on every run
/// and machine, so seed 3, then 5, then 3 again repeats the first draws exactly.
/// </summary>
public static class SeedDemo
{
    /// <exception cref="LinregException">A usage error, before anything runs, when <paramref name="drawsPerSeed"/> is below 1.</exception>
    public static IEnumerable<(long Seed, float[] Draws)> Run(IEnumerable<long> seeds, int drawsPerSeed)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (drawsPerSeed < 1)
        {
            throw new LinregException(ExitCode.UsageError, $"--count must be at least 1 (got {drawsPerSeed})");
        }

        return Draw(seeds, drawsPerSeed);
    }

    private static IEnumerable<(long Seed, float[] Draws)> Draw(IEnumerable<long> seeds, int drawsPerSeed)
    {
        TorchRuntime.EnsureLoaded();
        foreach (var seed in seeds)
        {
            manual_seed(seed);
            var draws = new float[drawsPerSeed];
            for (var i = 0; i < drawsPerSeed; i++)
            {
                using var draw = rand(1);
                draws[i] = draw.item<float>();
            }

            yield return (seed, draws);
        }
    }
}
