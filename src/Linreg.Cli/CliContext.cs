namespace Linreg.Cli;

/// <summary>
/// The process's streams as the commands see them. Tests pass <see cref="StringWriter"/>s and a memory stream;
/// <see cref="Program"/> passes the console.
/// </summary>
/// <param name="ErrorIsTerminal">stderr is a terminal: progress may redraw a bar in place.</param>
/// <param name="Color">Colour is allowed (a terminal, and NO_COLOR not set).</param>
public sealed record CliContext(TextWriter Output, TextWriter Error, Func<Stream> OpenStandardInput, bool ErrorIsTerminal = false, bool Color = false);
