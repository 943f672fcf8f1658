using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Linreg.Core;
using Linreg.Core.Models;
using Linreg.Tests;

namespace Linreg.Cli.Tests;

/// <summary>
/// Signals outside training, with linreg as a real process: Ctrl-C while <c>plot</c> renders (Skia drawing many
/// points, seconds that nothing inside can interrupt) stops the run with exit 130 and no image, as everywhere else
/// (it used to be swallowed, and the PNG written with exit 0); Ctrl-C twice while <c>predict</c> streams says in one
/// line how many predictions were written, never with a stack trace.
/// </summary>
public sealed partial class ReadAndPlotInterruptionTests : IDisposable
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

    [SkippableFact]
    public void Two_signals_while_predict_waits_for_rows_stop_it_in_one_line_that_counts_the_predictions()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");
        var model = _temp.File("model.json");
        ModelFile.Save(new ModelDocument(new LinearModel(["x"], "y", [2], 1), null, null, "test"), model, []);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "linreg.dll"), "predict", "-m", model, "-", "--keep", "id" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();

        // One block of rows and a few more, then standard input stays open: predict has printed the block and waits.
        process.StandardInput.Write("id,x\n");
        for (var i = 0; i < 4100; i++)
        {
            process.StandardInput.Write(string.Create(CultureInfo.InvariantCulture, $"r{i},{i}\n"));
        }

        process.StandardInput.Flush();
        Thread.Sleep(3000);
        Assert.Equal(0, Kill(process.Id, SigInt));
        Assert.Equal(0, Kill(process.Id, SigInt));
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "linreg did not stop within 30 s of the signal");

        Assert.Equal((int)ExitCode.Interrupted, process.ExitCode);
        Assert.Equal("linreg: error: interrupted after 4096 prediction(s) were written; the output is incomplete\n", error.GetAwaiter().GetResult());
        var lines = output.GetAwaiter().GetResult().Split('\n');
        Assert.Equal(4097, lines.Length);
        Assert.Equal("8191 r4095", lines[4095]);
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
