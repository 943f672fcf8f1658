using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

/// <summary>The starting W and b, shaped as the lesson shapes them: [1] for one feature, [k, 1] for several.</summary>
internal static class ParameterInit
{
    public static (Parameter W, Parameter B) Create(int featureCount, InitMode mode, Device device, DataType dtype = DataType.Float32)
    {
        long[] shape = featureCount == 1 ? [1] : [featureCount, 1];
        var type = ScalarTypeOf(dtype);
        if (mode == InitMode.Zeros)
        {
            return (new Parameter(zeros(shape, type, device)), new Parameter(zeros(1, type, device)));
        }

        // nn.Linear draws its weight, then its bias, from the global generator: building one here, right after
        // manual_seed, gives exactly the values PyTorch's nn.Linear(k, 1) starts from with the same seed. It draws
        // in float32 whatever the run's dtype, and a float64 run starts from those values widened, so a seed means
        // the same start in both.
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(featureCount, 1);
        using var noGrad = no_grad();
        var weight = linear.weight!.detach().reshape(shape).to(type, device).clone().MoveToOuterDisposeScope();
        var bias = linear.bias!.detach().to(type, device).clone().MoveToOuterDisposeScope();
        return (new Parameter(weight), new Parameter(bias));
    }

    public static ScalarType ScalarTypeOf(DataType dtype) => dtype == DataType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
}
