using System.Runtime.InteropServices;
using System.Text;
using Linreg.Cli;
using Linreg.Cli.Output;
using Linreg.Core;
using Linreg.Core.Runtime;

// Buffered UTF-8 streams, flushed by the commands at the points where a person or a pipe should see output, and
// guarded: a closed or full stderr loses its messages, never the run; a full stdout is an output error.
// A stream closed at start (<&-, >&-) is never touched: its descriptor now belongs to the runtime's own pipes.
var output = GuardedWriter.ForStandardOutput(new StreamWriter(ClosedStandardStreams.IsClosed(1) ? ClosedStandardStreams.Closed("standard output") : Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" });
var error = GuardedWriter.ForStandardError(new StreamWriter(ClosedStandardStreams.IsClosed(2) ? ClosedStandardStreams.Closed("standard error") : Console.OpenStandardError(), new UTF8Encoding(false), 1 << 12) { AutoFlush = true, NewLine = "\n" });
Func<Stream> standardInput = ClosedStandardStreams.IsClosed(0) ? () => ClosedStandardStreams.Closed("standard input") : Console.OpenStandardInput;
// The first SIGINT or SIGTERM cancels, so the command stops at its next safe point and says so (exit 130); later
// ones are ignored, since the first is being honoured. System.CommandLine's own handler is off (LinregCli): a
// second signal made it complete a task twice and abort with a trace. The source lives as long as the process.
var interrupt = new CancellationTokenSource();
void OnSignal(PosixSignalContext signal)
{
    signal.Cancel = true;
    interrupt.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
int exitCode;
try
{
    var errorIsTerminal = !Console.IsErrorRedirected;
    var color = errorIsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
    exitCode = await LinregCli.RunAsync(args, new CliContext(output, error, standardInput, errorIsTerminal, color), interrupt.Token).ConfigureAwait(false);
}
finally
{
    try
    {
        output.Flush();
    }
    catch (IOException)
    {
        // The reader of our stdout went away (e.g. `linreg predict … | head`); there is no one left to tell.
    }
    catch (LinregException e)
    {
        error.WriteLine($"linreg: error: {e.Message}");
        exitCode = (int)e.Code;
    }
}

TorchRuntime.ExitSkippingNativeTeardown(exitCode);
return exitCode;
