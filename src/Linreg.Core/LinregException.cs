namespace Linreg.Core;

/// <summary>
/// A failure the user can fix. Thrown where the fact is known (with file, line and column when there are any),
/// caught once at the command boundary, which prints <see cref="Exception.Message"/> as one line and exits
/// with <see cref="Code"/>. Everything else is a bug and is reported as one.
/// </summary>
public sealed class LinregException : Exception
{
    public LinregException(ExitCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public ExitCode Code { get; }
}
