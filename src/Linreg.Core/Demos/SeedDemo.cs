using Linreg.Core.Runtime;
using static TorchSharp.torch;

namespace Linreg.Core.Demos;

/// <summary>
/// The lesson's "why torch.manual_seed": after manual_seed(s), torch.rand(1) draws the same sequence on every run
/// and machine, so seed 3, then 5, then 3 again repeats the first draws exactly.
/// </summary>
public static class SeedDemo
{
    public static IEnumerable<(long Seed, float[] Draws)> Run(IEnumerable<long> seeds, int drawsPerSeed)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(drawsPerSeed);
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
