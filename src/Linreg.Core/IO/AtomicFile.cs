using System.Text;

namespace Linreg.Core.IO;

/// <summary>
/// Writes a file beside its destination and renames it into place on <see cref="Commit"/>, so a failed or interrupted
/// run leaves the previous file intact and never a half-written one. Disposing without committing removes the
/// temporary file.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _tempPath;
    private bool _committed;

    private AtomicFile(string path, string tempPath, FileStream stream)
    {
        Path = path;
        _tempPath = tempPath;
        _stream = stream;
        Writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16) { NewLine = "\n" };
    }

    public string Path { get; }

    public TextWriter Writer { get; }

    /// <summary>The temporary file itself, for binary content (PNG, PyTorch files); use it or <see cref="Writer"/>, not both.</summary>
    public Stream Stream => _stream;

    /// <param name="path">The destination.</param>
    /// <param name="optionName">The option that named it, for messages (e.g. --model).</param>
    /// <param name="inputs">Full paths of the run's input files, which an output must never replace.</param>
    public static AtomicFile Create(string path, string optionName, IEnumerable<string?> inputs)
    {
        CheckDestination(path, optionName, inputs);
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var tempPath = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            return new AtomicFile(full, tempPath, new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinregException(ExitCode.OutputError, $"{optionName} {path}: cannot write in {folder} ({e.Message})", e);
        }
    }

    /// <summary>Checks an output path before any work is done, so a long run does not fail at its very end.</summary>
    public static void CheckDestination(string path, string optionName, IEnumerable<string?> inputs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inputs);
        if (path.Length == 0)
        {
            throw new LinregException(ExitCode.UsageError, $"{optionName}: the path is empty");
        }

        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new LinregException(ExitCode.OutputError, $"{optionName} {path}: is a folder; give a file name, e.g. {System.IO.Path.Combine(path, "model.json")}");
        }

        var folder = System.IO.Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new LinregException(ExitCode.OutputError, $"{optionName} {path}: the folder {folder} does not exist; create it first (mkdir -p)");
        }

        if (inputs.Any(input => input is not null && string.Equals(input, full, StringComparison.Ordinal)))
        {
            throw new LinregException(ExitCode.OutputError, $"{optionName} {path}: is this run's input; refusing to overwrite it (choose another file name)");
        }
    }

    public void Commit()
    {
        Writer.Flush();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_tempPath, Path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        Writer.Dispose();
        try
        {
            File.Delete(_tempPath);
        }
        catch (IOException)
        {
            // The temporary file is hidden and uniquely named; a stale one never replaces the user's file.
        }
    }
}
