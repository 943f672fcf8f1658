namespace Linreg.Cli;

/// <summary>
/// The process's streams as the commands see them. Tests pass <see cref="StringWriter"/>s and a memory stream;
/// <see cref="Program"/> passes the console.
/// </summary>
public sealed record CliContext(TextWriter Output, TextWriter Error, Func<Stream> OpenStandardInput)
{
    public Core.Jobs.JobIO ToJobIO() => new(Output, Error, OpenStandardInput);
}
