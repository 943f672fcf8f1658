namespace Linreg.Core.Data;

/// <summary>Where rows come from: a file path, or standard input when the user wrote <c>-</c>.</summary>
public sealed class DataSource
{
    public const string StandardInputName = "-";

    private readonly Func<Stream>? _openStandardInput;

    private DataSource(string path, Func<Stream>? openStandardInput)
    {
        Path = path;
        _openStandardInput = openStandardInput;
    }

    /// <summary>The path as the user typed it, or <c>-</c>.</summary>
    public string Path { get; }

    public bool IsStandardInput => _openStandardInput is not null;

    /// <summary>How messages name this source: the path, or "standard input".</summary>
    public string DisplayName => IsStandardInput ? "standard input" : Path;

    public static DataSource From(string path, Func<Stream> openStandardInput)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == StandardInputName ? new DataSource(path, openStandardInput) : new DataSource(path, null);
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

    public Stream Open()
    {
        if (_openStandardInput is not null)
        {
            return _openStandardInput();
        }

        EnsureReadable();
        try
        {
            return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
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
}
