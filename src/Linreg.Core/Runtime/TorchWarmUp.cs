using Linreg.Core.Data;

namespace Linreg.Core.Runtime;

/// <summary>
/// When training starts loading libtorch, so that its load overlaps reading the data. libtorch's ~0.4 s of static
/// initialisation runs under the dynamic loader's lock, and the reader waits for that lock whenever it loads an
/// assembly or binds a native call for the first time (measured: a 1,000-row file took 0.25 s to read instead of
/// 0.01 s). So small inputs start the load first, since it is the critical path anyway; a file of a chunk
/// (<see cref="Tuning.ChunkBytes"/>) or more starts it once the reader is set up, and the parse runs beside it
/// (1M × 10 rows: 0.65 s instead of 0.8 s to load).
/// </summary>
public static class TorchWarmUp
{
    /// <summary>Before the data is opened: starts the load now unless the file is large enough to read beside it.</summary>
    /// <param name="stream">A streamed run reads while it trains, so it needs libtorch first.</param>
    public static void BeforeReading(DataSource source, bool stream)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsStandardInput || stream || !File.Exists(source.Path) || source.Length < Tuning.ChunkBytes)
        {
            TorchRuntime.BeginLoading();
        }
    }

    /// <summary>The reader has read the head and bound its native calls: the load may start beside the parse.</summary>
    public static void ReaderReady() => TorchRuntime.BeginLoading();
}
