namespace Linreg.Core.Runtime;

/// <summary>Where tensors live. <see cref="Auto"/> takes CUDA, then Apple's MPS, when this build and machine offer them, else the CPU.</summary>
public enum DeviceChoice
{
    Cpu,
    Cuda,
    Mps,
    Auto,
}
