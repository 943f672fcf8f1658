namespace Linreg.Core.Runtime;

/// <summary>
/// Turns TorchSharp's failure to load libtorch (a long, misleading "doesn't contain a reference to
/// libtorch-cpu-linux-x64" trace) into one line naming what the machine lacks and how to get it.
/// </summary>
public static class NativeLibraryDiagnosis
{
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private static readonly string[] LibstdcxxCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
    ];

    public static string Explain(Exception failure) => Explain(failure, OperatingSystem.IsLinux() ? FindLibstdcxx() : null);

    /// <param name="failure">What TorchSharp threw.</param>
    /// <param name="libstdcxxPath">The system's libstdc++.so.6 on Linux, or null elsewhere or when none was found.</param>
    public static string Explain(Exception failure, string? libstdcxxPath)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (libstdcxxPath is not null && !ContainsSymbolVersion(libstdcxxPath, RequiredGlibcxx))
        {
            return $"TorchSharp's native library (libtorch) cannot load: {libstdcxxPath} lacks {RequiredGlibcxx} (the C++ runtime of GCC 13 or newer, with glibc 2.34+). "
                + "Fix: run eng/setup.sh from the linreg repository as root (on Debian 12 it installs trixie's libstdc++6, pinned), or use Ubuntu 24.04+, Debian 13+ or Fedora 39+.";
        }

        var reason = FirstLine(failure);
        return $"TorchSharp's native library (libtorch) cannot load: {reason}. "
            + "Fix: reinstall linreg for this platform (linux-x64, osx-arm64, win-x64), and on Linux make sure libstdc++ provides " + RequiredGlibcxx + ".";
    }

    public static bool ContainsSymbolVersion(string libraryPath, string symbolVersion)
    {
        try
        {
            var bytes = File.ReadAllBytes(libraryPath);
            return bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(symbolVersion + "\0")) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static string? FindLibstdcxx() => LibstdcxxCandidates.FirstOrDefault(File.Exists);

    private static string FirstLine(Exception failure)
    {
        var innermost = failure;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        var message = innermost.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
