namespace Linreg.Core.Jobs;

/// <summary>
/// The streams a job talks through: results on <see cref="Output"/>, everything for people (summaries, warnings)
/// on <see cref="Diagnostics"/>, and standard input for data given as <c>-</c>.
/// </summary>
public sealed record JobIO(TextWriter Output, TextWriter Diagnostics, Func<Stream> OpenStandardInput);
