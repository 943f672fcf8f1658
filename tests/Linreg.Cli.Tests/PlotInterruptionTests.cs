using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Linreg.Core;
using Linreg.Core.Models;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// Ctrl-C while <c>plot</c> renders (Skia drawing many points, seconds that nothing inside can interrupt) stops the
/// run with exit 130 and no image, as everywhere else; it used to be swallowed, and the PNG written with exit 0.
/// </summary>
public sealed partial class PlotInterruptionTests : IDisposable
{
    private const int SigInt = 2;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void A_signal_during_rendering_exits_130_and_writes_no_image()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals and FIFOs");
        var model = _temp.File("model.json");
        ModelFile.Save(new ModelDocument(new LinearModel(["x"], "y", [2], 1), null, null, "test"), model, []);

        // The rows come through a FIFO: once the last is written, linreg has them all and is drawing, not reading.
        var fifo = _temp.File("rows.csv");
        Assert.Equal(0, MakeFifo(fifo, Convert.ToUInt32("600", 8)));
        var image = _temp.File("plot.png");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "linreg.dll"), "plot", "-m", model, fifo, "-o", image })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using (var writer = new StreamWriter(fifo, false, new UTF8Encoding(false)))
        {
            writer.Write("x,y\n");
            for (var i = 0; i < 600_000; i++)
            {
                var x = (i % 1000) / 100.0;
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{x},{(2 * x) + 1 + ((i % 7) - 3)}\n"));
            }
        }

        Thread.Sleep(500);
        var signalled = Stopwatch.StartNew();
        Assert.Equal(0, Kill(process.Id, SigInt));
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "linreg did not stop within 30 s of the signal");

        Assert.Equal("linreg: error: interrupted: nothing was written\n", error.GetAwaiter().GetResult());
        Assert.Equal((int)ExitCode.Interrupted, process.ExitCode);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(5), $"linreg took {signalled.Elapsed} to stop: it waited for the render");
        Assert.Equal(["model.json", "rows.csv"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order());
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
