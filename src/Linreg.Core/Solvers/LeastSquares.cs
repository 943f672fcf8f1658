using Linreg.Core.Data;
using Linreg.Core.Runtime;
using static TorchSharp.torch;

namespace Linreg.Core.Solvers;

/// <summary>Ordinary least squares solved exactly with <c>torch.linalg.lstsq</c>, in float64 on [X | 1].</summary>
public static class LeastSquares
{
    public static (double[] Weights, double Bias) Solve(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var k = data.FeatureCount;
        var x = tensor(data.Features, [data.RowCount, k]).to(float64);
        var design = cat([x, ones(data.RowCount, 1, dtype: float64)], 1);
        var y = tensor(data.Targets, [data.RowCount, 1]).to(float64);
        var (solution, _, _, _) = linalg.lstsq(design, y);
        var values = solution.reshape(k + 1).data<double>().ToArray();
        return (values[..k], values[k]);
    }
}
