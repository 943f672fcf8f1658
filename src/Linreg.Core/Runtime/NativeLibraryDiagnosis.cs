using System.Text.RegularExpressions;

namespace Linreg.Core.Runtime;

/// <summary>
/// Turns a failure to load libtorch into one line naming what the machine lacks and how to get it. The usual cause
/// on older Linux is the C++ runtime: libtorch 2.10 needs GLIBCXX_3.4.32 (GCC 13) and glibc 2.34.
/// </summary>
public static partial class NativeLibraryDiagnosis
{
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private const string Fix =
        "Fix: run 'sudo eng/setup.sh' from the linreg repository (on Debian 12 it installs trixie's libstdc++6, pinned so nothing else moves), "
        + "or use a system with GCC 13's runtime (Ubuntu 24.04+, Debian 13+, Fedora 39+).";

    /// <summary>Explains <paramref name="failure"/>, looking at the machine's libstdc++ when the message alone does not tell.</summary>
    public static string Explain(Exception failure) => Explain(failure, OperatingSystem.IsLinux() ? FindLibstdcxx() : null);

    /// <param name="failure">What the loader threw.</param>
    /// <param name="libstdcxxPath">The libstdc++.so.6 the loader would use, or null when not on Linux or none was found.</param>
    public static string Explain(Exception failure, string? libstdcxxPath)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var messages = string.Join('\n', Chain(failure).Select(e => e.Message));
        var missing = MissingVersion().Match(messages);
        if (missing.Success)
        {
            var library = Path.GetFileName(missing.Groups["library"].Value);
            var needer = Path.GetFileName(missing.Groups["needer"].Value);
            return $"TorchSharp's native library cannot load: {library} lacks {missing.Groups["version"].Value} (needed by {needer}). {Fix}";
        }

        if (libstdcxxPath is not null && !ContainsSymbolVersion(libstdcxxPath, RequiredGlibcxx))
        {
            return $"TorchSharp's native library cannot load: {libstdcxxPath} lacks {RequiredGlibcxx}. {Fix}";
        }

        return $"TorchSharp's native library cannot load ({FirstLine(Chain(failure).Last().Message)}). "
            + "Fix: reinstall linreg for this platform (linux-x64, osx-arm64 or win-x64); --verbose shows what the loader tried.";
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

    /// <summary>LD_LIBRARY_PATH first, then the usual system folders: where the loader looks.</summary>
    private static string? FindLibstdcxx()
    {
        var folders = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu"]);
        return folders.Select(folder => Path.Combine(folder, "libstdc++.so.6")).FirstOrDefault(File.Exists);
    }

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim().TrimEnd('.', ':');
    }

    [GeneratedRegex(@"(?<library>\S+): version `(?<version>[^']+)' not found \(required by (?<needer>[^)]+)\)")]
    private static partial Regex MissingVersion();
}
