using System.Reflection;

namespace Linreg.Cli;

internal static class VersionInfo
{
    public static string Version { get; } =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>What model files record as their writer.</summary>
    public static string CreatedBy => $"linreg {Version}";
}
