using Linreg.Core;

namespace Linreg.Cli;

/// <summary>
/// Where every command's work runs: a <see cref="LinregException"/> becomes one line on stderr and its exit code;
/// anything else is a bug, reported as one in a line, with the stack trace only under --verbose.
/// </summary>
internal static class CommandBoundary
{
    public static int Run(CliContext context, bool verbose, Func<ExitCode> work)
    {
        try
        {
            var code = work();
            context.Output.Flush();
            return (int)code;
        }
        catch (LinregException e)
        {
            return Report(context, verbose, e, e.Code, e.Message);
        }
        catch (OperationCanceledException e)
        {
            return Report(context, verbose, e, ExitCode.Interrupted, "interrupted: nothing was written");
        }
        catch (IOException e) when (Output.GuardedWriter.IsBrokenPipe(e))
        {
            // The consumer of stdout stopped reading (e.g. `| head`): what it wanted was delivered.
            return (int)ExitCode.Success;
        }
#pragma warning disable CA1031 // The boundary exists to catch what nothing else did, so the user never sees a raw trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Report(context, verbose, e, ExitCode.InternalError, $"internal error ({e.GetType().Name}: {FirstLine(e.Message)}); this is a bug in linreg, please report it with the command you ran (--verbose shows details)");
        }
    }

    private static int Report(CliContext context, bool verbose, Exception e, ExitCode code, string message)
    {
        TryFlush(context.Output);
        context.Error.WriteLine($"linreg: error: {message}");
        if (verbose)
        {
            context.Error.WriteLine(e.ToString());
        }

        context.Error.Flush();
        return (int)code;
    }

    private static void TryFlush(TextWriter writer)
    {
        try
        {
            writer.Flush();
        }
        catch (Exception e) when (e is IOException or LinregException)
        {
            // Output that cannot be delivered must not hide the error being reported.
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
