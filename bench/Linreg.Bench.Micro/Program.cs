using BenchmarkDotNet.Running;

namespace Linreg.Bench.Micro;

/// <summary>
/// Micro-benchmarks of Linreg.Core: CSV ingest (MB/s) and the training loop (ms per step).
/// <c>dotnet run -c Release --project bench/Linreg.Bench.Micro --artifacts-path .artifacts-bench -- --filter '*'</c>;
/// <c>… -- --memory-probe FILE [STEPS]</c> prints where a training run's memory goes (see <see cref="MemoryProbe"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--memory-probe")
        {
            return MemoryProbe.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchConfig());
        return 0;
    }
}
