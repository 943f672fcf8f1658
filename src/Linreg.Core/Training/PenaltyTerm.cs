using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>How a fresh run starts: its bias (the target's mean for standardized data), and the rows a penalty is scaled by.</summary>
internal sealed record DescentStart(double Bias, long Rows);

/// <summary>
/// A penalty as gradient descent adds it to the MSE (<see cref="Penalty.OnMse(long)"/>): λ‖W‖₁ + β‖W‖², on W only,
/// never the bias. The l2 part is weight decay on W; the l1 part's gradient is its subgradient, λ·sign(W) (0 at 0),
/// so descent brings a coefficient near zero but rarely to it: --solver lstsq gives the exact zeros.
/// </summary>
internal sealed class PenaltyTerm(double l1, double l2)
{
    public static PenaltyTerm? Create(TrainSettings settings, long rows)
    {
        var penalty = Penalty.Of(settings);
        if (penalty.IsNone)
        {
            return null;
        }

        var (l1, l2) = penalty.OnMse(rows);
        return new PenaltyTerm(l1, l2);
    }

    public Tensor Of(Tensor w)
    {
        var sum = l2 == 0 ? null : w.pow(2).sum() * l2;
        return l1 == 0 ? sum! : sum is null ? w.abs().sum() * l1 : sum + (w.abs().sum() * l1);
    }
}
