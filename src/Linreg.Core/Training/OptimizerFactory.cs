using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Linreg.Core.Training;

internal static class OptimizerFactory
{
    public static optim.Optimizer Create(TrainSettings settings, Parameter w, Parameter b) => settings.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD([w, b], settings.LearningRate, momentum: settings.Momentum),
        OptimizerKind.Adam => optim.Adam([w, b], settings.LearningRate),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Optimizer, null),
    };
}
