using System.Text;

namespace Linreg.Core.IO;

/// <summary>
/// Writes a file beside its destination and renames it into place on <see cref="Commit"/>, so a failed or interrupted
/// run leaves the previous file intact and never a half-written one. Disposing without committing removes the
/// temporary file. A destination that is a device or a FIFO (/dev/null, /dev/stdout, a named pipe) is written into
/// directly: a rename would replace the device with a regular file. A write that fails (a full disk) is an output
/// error naming the option, and leaves no temporary file.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly GuardedStream _guarded;
    private readonly string? _tempPath;
    private bool _committed;

    private AtomicFile(string path, string? tempPath, FileStream stream, string optionName)
    {
        Path = path;
        _tempPath = tempPath;
        _stream = stream;
        _guarded = new GuardedStream(stream, optionName, path);
        Writer = new StreamWriter(_guarded, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16) { NewLine = "\n" };
    }

    public string Path { get; }

    public TextWriter Writer { get; }

    /// <summary>The temporary file itself, for binary content (PNG, PyTorch files); use it or <see cref="Writer"/>, not both.</summary>
    public Stream Stream => _guarded;

    /// <param name="path">The destination.</param>
    /// <param name="optionName">The option that named it, for messages (e.g. --model).</param>
    /// <param name="inputs">Full paths of the run's input files, which an output must never replace.</param>
    public static AtomicFile Create(string path, string optionName, IEnumerable<string?> inputs)
    {
        CheckDestination(path, optionName, inputs);
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        try
        {
            if (FileIdentity.IsSpecial(full))
            {
                return new AtomicFile(full, null, new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1), optionName);
            }

            RemoveStaleTemporaries(folder, System.IO.Path.GetFileName(full));
            var tempPath = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            return new AtomicFile(full, tempPath, new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1), optionName);
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

        // A folder that cannot be written would otherwise be found only when the run ends, after all its work. (A
        // device is written into, not beside: its folder, /dev, need not be writable.)
        var probe = System.IO.Path.Combine(folder, $".linreg-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            if (!FileIdentity.IsSpecial(full))
            {
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinregException(ExitCode.OutputError, $"{optionName} {path}: cannot write in {folder} ({e.Message.TrimEnd('.')}); choose a folder you can write to");
        }

        // By identity, not spelling: a symbolic link, a linked folder, /proc/self/cwd, a hard link or standard
        // input redirected from the file all name the input too.
        if (File.Exists(full) && inputs.Any(input => input is not null && FileIdentity.Same(input, full)))
        {
            throw new LinregException(ExitCode.OutputError, $"{optionName} {path}: is this run's input; refusing to overwrite it (choose another file name)");
        }
    }

    /// <summary>
    /// Removes what a killed run (kill -9, a power cut) left of its own temporary files for this destination: hidden,
    /// named after the destination and the process that wrote them, and that process is gone.
    /// </summary>
    private static void RemoveStaleTemporaries(string folder, string name)
    {
        try
        {
            foreach (var stale in Directory.EnumerateFiles(folder, $".{name}.*.tmp"))
            {
                var parts = System.IO.Path.GetFileName(stale)[(name.Length + 2)..^4].Split('.');
                if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                    && parts[1].Length == 32 && !IsRunning(pid))
                {
                    File.Delete(stale);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying is a courtesy; the write itself decides whether the folder is usable.
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Commit()
    {
        Writer.Flush();
        if (_tempPath is null)
        {
            _guarded.Flush();
            _stream.Dispose();
            _committed = true;
            return;
        }

        _guarded.FlushToDisk();
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

        try
        {
            Writer.Dispose();
        }
        catch (LinregException)
        {
            // Flushing what was left failed as the write before it did; that error is the one reported.
        }

        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Nothing is buffered below the writer; a device that refuses even its close has nothing left to lose.
        }

        if (_tempPath is null)
        {
            return;
        }

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

/// <summary>Turns a failed write (a full disk, a closed device) into one output error line naming the option and file.</summary>
internal sealed class GuardedStream(FileStream inner, string optionName, string path) : Stream
{
    public override bool CanRead => false;

    // Zip writers (PyTorch's .pt) seek back to fill in sizes: a temporary file can, a device cannot.
    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    public override void Flush() => Guard(inner.Flush);

    public void FlushToDisk() => Guard(() => inner.Flush(flushToDisk: true));

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    private LinregException Failed(IOException e) => new(ExitCode.OutputError, $"{optionName} {path}: cannot write ({e.Message.TrimEnd('.')}); the file was not replaced", e);
}
