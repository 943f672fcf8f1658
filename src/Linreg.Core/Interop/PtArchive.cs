using System.Globalization;
using System.IO.Compression;

namespace Linreg.Core.Interop;

/// <summary>
/// Bounds what a .pt file (a zip archive) may make linreg inflate before PyTorch's unpickler sees it: every entry's
/// declared size, their total, and that each inflates to no more than it declares. A 1.9 MB file whose storage
/// inflates to 2 GB otherwise took import to 14 GB of memory.
/// </summary>
internal static class PtArchive
{
    /// <summary>
    /// Far above any nn.Linear(k, 1) a linear model holds (32M float64 weights), far below what would strain memory.
    /// </summary>
    public const long MaxInflatedBytes = 256L << 20;

    /// <summary>Null when the archive is within bounds; otherwise why not, for the caller's one-line error.</summary>
    public static string? CheckBounded(Stream file)
    {
        using var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            total += entry.Length;
            if (entry.Length > MaxInflatedBytes || total > MaxInflatedBytes)
            {
                return string.Create(CultureInfo.InvariantCulture, $"inflates to more than {MaxInflatedBytes >> 20} MiB ({entry.FullName} alone claims {entry.Length:N0} bytes); linreg reads the state_dict of one nn.Linear(k, 1)");
            }
        }

        // A header can lie about the size: inflate each entry, counting, and stop one byte past what it declared.
        var buffer = new byte[1 << 16];
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            long inflated = 0;
            int read;
            while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, entry.Length + 1 - inflated))) > 0)
            {
                inflated += read;
                if (inflated > entry.Length)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{entry.FullName} inflates to more than the {entry.Length:N0} bytes it declares");
                }
            }
        }

        return null;
    }
}
