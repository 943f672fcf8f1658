using System.Runtime.ExceptionServices;
using System.Text;
using Linreg.Core;

namespace Linreg.Cli.Output;

/// <summary>
/// A console stream as linreg writes to it. The first write that fails is dealt with once, by the stream's rule;
/// after it, writes are dropped, since what could not be delivered is lost either way. stderr's rule is to carry
/// on: a closed or full stderr loses what linreg tells people, never the work (it used to abort the process).
/// stdout's rule is an output error (exit 7) unless its reader went away (a broken pipe, as in <c>| head</c>),
/// which the command boundary takes for success.
/// </summary>
internal sealed class GuardedWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly Func<Exception, Exception?> _failure;
    private bool _failed;

    private GuardedWriter(TextWriter inner, Func<Exception, Exception?> failure)
    {
        _inner = inner;
        _failure = failure;
        NewLine = inner.NewLine;
    }

    public override Encoding Encoding => _inner.Encoding;

    public static GuardedWriter ForStandardError(TextWriter inner) => new(inner, _ => null);

    public static GuardedWriter ForStandardOutput(TextWriter inner) => new(inner, e => e is IOException io && IsBrokenPipe(io)
        ? e
        : new LinregException(ExitCode.OutputError, $"standard output cannot be written ({e.Message.TrimEnd('.')}); the output is incomplete", e));

    public static bool IsBrokenPipe(IOException e) => e.HResult == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);

    public override void Write(char value) => Guard(value, static (writer, c) => writer.Write(c));

    public override void Write(char[] buffer, int index, int count) =>
        Guard((buffer, index, count), static (writer, part) => writer.Write(part.buffer, part.index, part.count));

    public override void Write(string? value) => Guard(value, static (writer, text) => writer.Write(text));

    public override void Flush() => Guard(0, static (writer, _) => writer.Flush());

    private void Guard<T>(T value, Action<TextWriter, T> write)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            write(_inner, value);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            Fail(e);
        }
    }

    /// <summary>How a closed or full descriptor shows: ENOSPC and EPIPE as IOException, EBADF as UnauthorizedAccessException.</summary>
    private static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException or ObjectDisposedException;

    private void Fail(Exception e)
    {
        _failed = true;
        var failure = _failure(e);
        if (failure == e)
        {
            ExceptionDispatchInfo.Throw(e);
        }

        if (failure is not null)
        {
            throw failure;
        }
    }
}
