using Microsoft.Win32.SafeHandles;

namespace Linreg.Core.Data;

/// <summary>
/// Where rows come from: a file path, or standard input when the user wrote <c>-</c>. The only place a data file is
/// opened (<see cref="OpenFile"/>): readers share that one handle for every pass and every core.
/// </summary>
public sealed class DataSource
{
    public const string StandardInputName = "-";

    private readonly Func<Stream>? _openStandardInput;
    private readonly Func<string, SafeFileHandle> _openFile;

    private DataSource(string path, Func<Stream>? openStandardInput, Func<string, SafeFileHandle> openFile)
    {
        Path = path;
        _openStandardInput = openStandardInput;
        _openFile = openFile;
    }

    /// <summary>The path as the user typed it, or <c>-</c>.</summary>
    public string Path { get; }

    public bool IsStandardInput => _openStandardInput is not null;

    /// <summary>How messages name this source: the path, or "standard input".</summary>
    public string DisplayName => IsStandardInput ? "standard input" : Path;

    /// <param name="openFile">How a file is opened for reading; null opens it with <see cref="File.OpenHandle"/>. Tests pass one that counts.</param>
    public static DataSource From(string path, Func<Stream> openStandardInput, Func<string, SafeFileHandle>? openFile = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        openFile ??= OpenForReading;
        return path == StandardInputName ? new DataSource(path, openStandardInput, openFile) : new DataSource(path, null, openFile);
    }

    /// <summary>Fails with a data error that says what is wrong with the path, before any parsing starts.</summary>
    public void EnsureReadable()
    {
        if (IsStandardInput)
        {
            return;
        }

        if (Path.Length == 0)
        {
            throw new LinregException(ExitCode.DataError, "the data path is empty: give a CSV file, or - for standard input");
        }

        if (Directory.Exists(Path))
        {
            throw new LinregException(ExitCode.DataError, $"{Path}: is a folder, not a CSV file");
        }

        if (!File.Exists(Path))
        {
            throw new LinregException(ExitCode.DataError, $"{Path}: file not found (check the path, or use - to read standard input)");
        }
    }

    internal Stream OpenStandardInput() =>
        _openStandardInput?.Invoke() ?? throw new InvalidOperationException($"{Path} is a file, not standard input");

    /// <summary>The file, for positional reads from any thread; opened once per reader.</summary>
    internal SafeFileHandle OpenFile()
    {
        EnsureReadable();
        try
        {
            return _openFile(Path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new LinregException(ExitCode.DataError, $"{Path}: cannot be read ({e.Message})", e);
        }
    }

    /// <summary>The file's size in bytes, for progress and capacity estimates; -1 for standard input.</summary>
    public long Length => IsStandardInput ? -1 : new FileInfo(Path).Length;

    /// <summary>The absolute path of a file source, to tell whether an output would overwrite it.</summary>
    public string? FullPath => IsStandardInput ? null : System.IO.Path.GetFullPath(Path);

    /// <summary>
    /// What outputs must never replace: the file, or for standard input /dev/stdin, which leads to the file it was
    /// redirected from (linreg train - -o data.csv &lt; data.csv).
    /// </summary>
    public string Identity => IsStandardInput ? "/dev/stdin" : System.IO.Path.GetFullPath(Path);

    private static SafeFileHandle OpenForReading(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
}
