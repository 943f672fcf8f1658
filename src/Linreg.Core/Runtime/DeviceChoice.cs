namespace Linreg.Core.Runtime;

/// <summary>Where tensors live. <see cref="Auto"/> takes CUDA when this build and machine offer it, else the CPU.</summary>
public enum DeviceChoice
{
    Cpu,
    Cuda,
    Auto,
}
