using Linreg.Core.Data;
using Microsoft.Win32.SafeHandles;

namespace Linreg.Core.Jobs;

/// <summary>
/// The streams a job talks through: results on <see cref="Output"/>, everything for people (summaries, warnings)
/// on <see cref="Diagnostics"/>, and standard input for data given as <c>-</c>. <see cref="OpenDataFile"/> opens
/// data files (null: the file system as it is); tests pass one that counts.
/// </summary>
public sealed record JobIO(TextWriter Output, TextWriter Diagnostics, Func<Stream> OpenStandardInput, Func<string, SafeFileHandle>? OpenDataFile = null)
{
    /// <summary>A data path as the user gave it: a file, or standard input for <c>-</c>.</summary>
    public DataSource Source(string path) => DataSource.From(path, OpenStandardInput, OpenDataFile);
}
