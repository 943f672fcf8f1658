using Linreg.Core.Data;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>
/// The full-batch MSE of a line as a quadratic form in W and b, from the data's moments (<see cref="DataMoments"/>):
/// <c>mean((xW + b - y)²) = WᵀCW - 2Wᵀc + v + (m_xW + b - m_y)²</c>, with C the features' covariance, c their
/// covariance with the target, v the target's variance and m the means. It is the same function of W and b as the
/// lesson's cost, so autograd gives the same gradients and SGD takes the same steps, but a step costs O(k²) instead
/// of a pass over every row: 100 steps on 1M × 10 rows take milliseconds instead of 2.7 s.
/// </summary>
internal sealed class MomentCost : IDisposable
{
    private readonly Tensor _covariance;
    private readonly Tensor _crossCovariance;
    private readonly Tensor _featureMean;
    private readonly double _targetMean;
    private readonly double _targetVariance;

    public MomentCost(DataMoments moments, Device device)
    {
        var k = moments.FeatureCount;
        _covariance = tensor(moments.Covariance.ToArray(), [k, k], ScalarType.Float64, device);
        _crossCovariance = tensor(moments.CrossCovariance.ToArray(), [k, 1], ScalarType.Float64, device);
        _featureMean = tensor(moments.FeatureMean.ToArray(), [1, k], ScalarType.Float64, device);
        _targetMean = moments.TargetMean;
        _targetVariance = moments.TargetVariance;
    }

    /// <summary>The cost at <paramref name="w"/> ([k, 1], or [1] for the lesson's one feature) and <paramref name="b"/>, as a float64 scalar on the autograd graph.</summary>
    public Tensor Cost(Tensor w, Tensor b)
    {
        var weights = w.to(ScalarType.Float64).view(-1, 1);
        var quadratic = weights.t().matmul(_covariance.matmul(weights) - (2 * _crossCovariance));
        var offset = _featureMean.matmul(weights) + b.to(ScalarType.Float64) - _targetMean;
        return (quadratic + offset.pow(2)).sum() + _targetVariance;
    }

    public void Dispose()
    {
        _covariance.Dispose();
        _crossCovariance.Dispose();
        _featureMean.Dispose();
    }
}
