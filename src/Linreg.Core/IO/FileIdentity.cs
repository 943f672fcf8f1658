using System.Runtime.InteropServices;

namespace Linreg.Core.IO;

/// <summary>
/// What a path names on disk, beyond its spelling: the device and inode it leads to (through symbolic links, linked
/// folders, /proc/self/cwd, hard links and /dev/stdin alike), and whether it is a regular file. Outputs compare
/// identities with the run's inputs, and a destination that is a device or a FIFO is written into, never replaced.
/// </summary>
internal static partial class FileIdentity
{
    private const uint TypeMask = 0xF000;
    private const uint RegularFile = 0x8000;
    private const uint Directory = 0x4000;

    /// <summary>The device, inode and file type of what <paramref name="path"/> leads to; null where it does not exist or stat is not available here.</summary>
    public static (ulong Device, ulong Inode, uint Type)? Of(string path)
    {
        // struct stat's layout differs between platforms; where it is not known the callers fall back to paths.
        var modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 when OperatingSystem.IsLinux() => 24,
            Architecture.Arm64 when OperatingSystem.IsLinux() => 16,
            _ => -1,
        };
        if (modeOffset < 0)
        {
            return null;
        }

        try
        {
            var buffer = new byte[256];
            if (Stat(path, buffer) != 0)
            {
                return null;
            }

            return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8), BitConverter.ToUInt32(buffer, modeOffset) & TypeMask);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // glibc before 2.33 exports stat only as __xstat.
            return null;
        }
    }

    /// <summary>Whether the two paths lead to the same file: by device and inode where stat is available, else by full path.</summary>
    public static bool Same(string a, string b)
    {
        if (Of(a) is { } first && Of(b) is { } second)
        {
            return first.Device == second.Device && first.Inode == second.Inode;
        }

        return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
    }

    /// <summary>A device, FIFO or socket that exists at the path (through links): written into, never replaced by a rename.</summary>
    public static bool IsSpecial(string path) => Of(path) is { } status && status.Type != RegularFile && status.Type != Directory;

    [LibraryImport("libc.so.6", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, [Out] byte[] buffer);
}
