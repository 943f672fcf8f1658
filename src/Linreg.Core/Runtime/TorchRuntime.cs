using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Linreg.Core.Runtime;

/// <summary>Loads libtorch once, with an actionable error instead of TorchSharp's trace, and picks the device.</summary>
public static partial class TorchRuntime
{
    /// <summary>Below this many feature values, libtorch's thread pool costs more than it saves.</summary>
    private const long SingleThreadBelow = 1 << 16;

    private static readonly Lazy<ExceptionDispatchInfo?> Loading = new(LoadOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    private static int _loadingBegun;

    /// <summary>
    /// Starts loading libtorch (~0.3 s of reading and relocating native code) on the thread pool, so it overlaps
    /// with reading the data. <see cref="EnsureLoaded"/> waits for it and reports any failure. Only the first call
    /// does anything.
    /// </summary>
    public static void BeginLoading()
    {
        if (Interlocked.Exchange(ref _loadingBegun, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => _ = Loading.Value, null);
        }
    }

    public static void EnsureLoaded() => Loading.Value?.Throw();

    /// <summary>One thread for small tensors, where the pool's hand-offs cost more than the arithmetic; all cores otherwise.</summary>
    public static void UseThreadsFor(long featureValues)
    {
        EnsureLoaded();
        var threads = featureValues < SingleThreadBelow ? 1 : Environment.ProcessorCount;
        if (get_num_threads() != threads)
        {
            set_num_threads(threads);
        }
    }

    public static Device ResolveDevice(DeviceChoice choice)
    {
        EnsureLoaded();
        return choice switch
        {
            DeviceChoice.Cpu => CPU,
            DeviceChoice.Auto => cuda.is_available() ? CUDA : mps_is_available() ? MPS : CPU,
            DeviceChoice.Cuda => cuda.is_available()
                ? CUDA
                : throw new LinregException(
                    ExitCode.EnvironmentError,
                    "--device cuda: no CUDA device is usable: this linreg is built with TorchSharp-cpu, or the machine has no NVIDIA GPU/driver. "
                    + "Build from source with 'dotnet build -p:TorchBackend=cuda' (TorchSharp-cuda-linux) on a CUDA machine, or use --device cpu or auto."),
            DeviceChoice.Mps => mps_is_available()
                ? MPS
                : throw new LinregException(
                    ExitCode.EnvironmentError,
                    "--device mps: Apple's Metal (MPS) backend is not available: it needs an Apple-silicon Mac with the osx-arm64 package. Use --device cpu or auto."),
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, null),
        };
    }

    /// <summary>
    /// Ends the process now when libtorch was loaded, skipping its C++ static destructors: they deregister some
    /// thousands of operators one by one, measured 110 ms at the end of every run, a seventh of the lesson's. Call
    /// it only when everything is written: linreg's files are complete and renamed into place before a command
    /// returns, and its writers are flushed by the caller; the kernel frees the rest. Returns (so the caller exits
    /// normally) when libtorch was never loaded, and on Windows.
    /// </summary>
    public static void ExitSkippingNativeTeardown(int exitCode)
    {
        if (Loading.IsValueCreated && !OperatingSystem.IsWindows())
        {
            NativeEnvironment.ExitImmediately(exitCode);
        }
    }

    private static ExceptionDispatchInfo? LoadOnce()
    {
        try
        {
            PreferPassiveOpenMpThreads();
            ReturnLargeBlocksToTheSystem();
            PreloadNativeLibrary();
            try
            {
                InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
            {
                throw new LinregException(ExitCode.EnvironmentError, NativeLibraryDiagnosis.Explain(e), e);
            }

            return null;
        }
        catch (LinregException e)
        {
            return ExceptionDispatchInfo.Capture(e);
        }
    }

    /// <summary>
    /// libtorch's OpenMP threads spin while they wait for work. With another busy process on a 2-core machine (a
    /// parallel test run, a build) the spinning threads starve the one doing the work: measured 39 s instead of 2 s
    /// for the same training runs. Passive waiting costs little when the machine is idle. libgomp reads the
    /// variable when it loads, so it is set in the native environment (not .NET's copy) before libtorch loads, and
    /// never over a value the user chose.
    /// </summary>
    private static void PreferPassiveOpenMpThreads()
    {
        if (!OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
        {
            _ = NativeEnvironment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE", 0);
        }
    }

    /// <summary>
    /// Every training step allocates and frees a few tensors the size of a column of the data (4 MB for a million
    /// rows). glibc's malloc raises its mmap threshold after such frees and then serves them from heaps that only
    /// grow: measured 641 MB peak for 100 steps on 1M × 10 rows, against 283 MB with a fixed 1 MiB threshold, where
    /// each large block goes back to the system when freed. mallopt is glibc's; elsewhere this does nothing.
    /// </summary>
    private static void ReturnLargeBlocksToTheSystem()
    {
        const int mmapThreshold = -3;
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = NativeEnvironment.SetMallocOption(mmapThreshold, 1 << 20);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator has no such setting.
        }
    }

    /// <summary>
    /// Loads LibTorchSharp (and through it libtorch) the way the runtime would for a P/Invoke. When that fails,
    /// TorchSharp's own fallback would print a 40-line trace on stdout and copy ~500 MB of native files beside
    /// the tool; failing here first gives the loader's real reason (e.g. "GLIBCXX_3.4.32 not found") instead.
    /// </summary>
    private static void PreloadNativeLibrary()
    {
        var assembly = typeof(torch).Assembly;
        if (NativeLibrary.TryLoad("LibTorchSharp", assembly, null, out _))
        {
            return;
        }

        try
        {
            NativeLibrary.Load("LibTorchSharp", assembly, null);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new LinregException(ExitCode.EnvironmentError, NativeLibraryDiagnosis.Explain(e), e);
        }
    }

    private static partial class NativeEnvironment
    {
        [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int SetEnvironmentVariable(string name, string value, int overwrite);

        [LibraryImport("libc", EntryPoint = "mallopt")]
        public static partial int SetMallocOption(int option, int value);

        [LibraryImport("libc", EntryPoint = "_exit")]
        public static partial void ExitImmediately(int status);
    }
}
