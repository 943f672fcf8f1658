namespace Linreg.Tests;

/// <summary>Finds files of the repository from a test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples(string name) => Path.Combine(Root, "examples", name);

    /// <summary>The lesson's reference outputs shipped beside the project (../shared/reference), if present.</summary>
    public static string? SharedReference(string name)
    {
        var path = Path.Combine(Root, "..", "shared", "reference", name);
        return File.Exists(path) ? Path.GetFullPath(path) : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "linreg-tool.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("linreg-tool.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A folder under the system temp folder, removed when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "linreg-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
