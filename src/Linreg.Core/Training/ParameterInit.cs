using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>The starting W and b, shaped as the lesson shapes them: [1] for one feature, [k, 1] for several.</summary>
internal static class ParameterInit
{
    public static (Parameter W, Parameter B) Create(int featureCount, InitMode mode, Device device)
    {
        long[] shape = featureCount == 1 ? [1] : [featureCount, 1];
        if (mode == InitMode.Zeros)
        {
            return (new Parameter(zeros(shape, device: device)), new Parameter(zeros(1, device: device)));
        }

        // nn.Linear draws its weight, then its bias, from the global generator: building one here, right after
        // manual_seed, gives exactly the values PyTorch's nn.Linear(k, 1) starts from with the same seed.
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(featureCount, 1);
        using var noGrad = no_grad();
        var weight = linear.weight!.detach().reshape(shape).to(device).clone().MoveToOuterDisposeScope();
        var bias = linear.bias!.detach().to(device).clone().MoveToOuterDisposeScope();
        return (new Parameter(weight), new Parameter(bias));
    }
}
