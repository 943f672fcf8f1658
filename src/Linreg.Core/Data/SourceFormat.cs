using System.IO.Compression;

namespace Linreg.Core.Data;

/// <summary>What a source's first bytes say it is, whatever its name: text, gzip or zstd around text, or Parquet.</summary>
internal enum SourceFormat
{
    Text,
    Gzip,
    Zstd,
    Parquet,
}

/// <summary>
/// Tells a source's format by its magic bytes (a .csv.gz renamed, or standard input, has no name to go by), and
/// gives the decompressed text of a compressed one. Formats linreg does not read are named with how to decompress them.
/// </summary>
internal static class SourceFormats
{
    /// <summary>Enough bytes for every magic number below.</summary>
    public const int MagicBytes = 6;

    public static SourceFormat Detect(ReadOnlySpan<byte> head, string displayName)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return SourceFormat.Gzip;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return SourceFormat.Zstd;
        }

        if (head.StartsWith("PAR1"u8))
        {
            return SourceFormat.Parquet;
        }

        var (what, tool) =
            head.StartsWith("BZh"u8) && head.Length > 3 && head[3] is >= (byte)'1' and <= (byte)'9' ? ("bzip2-compressed", "bzcat") :
            head.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0]) ? ("xz-compressed", "xzcat") :
            head.StartsWith("PK\u0003\u0004"u8) ? ("a zip archive", "unzip -p") :
            head.StartsWith((ReadOnlySpan<byte>)[(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C]) ? ("a 7-Zip archive", "7z x -so") :
            head.StartsWith((ReadOnlySpan<byte>)[0x04, 0x22, 0x4D, 0x18]) ? ("lz4-compressed", "lz4cat") :
            (null, null);
        if (what is null)
        {
            return SourceFormat.Text;
        }

        var file = displayName == "standard input" ? "FILE" : displayName;
        throw new LinregException(
            ExitCode.DataError,
            $"{displayName}: this is {(what.StartsWith('a') ? what : what + " data")}, which linreg does not read (it reads CSV text, gzip, zstd and Parquet); decompress it first, e.g. {tool} {file} | linreg train -");
    }

    /// <summary>The text inside <paramref name="raw"/>: itself, or its decompression, which owns it unless <paramref name="leaveOpen"/>.</summary>
    /// <remarks>Decompression runs a block ahead on its own thread (<see cref="ReadAheadStream"/>).</remarks>
    /// <param name="gzipSize">A gzip file's trailer: the size of the text it holds, mod 2^32; null when not known (standard input).</param>
    public static Stream Decompress(Stream raw, SourceFormat format, bool leaveOpen, uint? gzipSize = null) => format switch
    {
        SourceFormat.Gzip => new ReadAheadStream(new GzipSizeCheck(new GZipStream(raw, CompressionMode.Decompress, leaveOpen), gzipSize)),
        SourceFormat.Zstd => new ReadAheadStream(new ZstdSharp.DecompressionStream(raw, leaveOpen: leaveOpen)),
        _ => raw,
    };

    /// <summary>
    /// Reads the first bytes of a stream that cannot seek (standard input, a pipe) to tell its format, and a stream
    /// that gives them again followed by the rest.
    /// </summary>
    public static (byte[] Head, Stream Replayed) Peek(Stream stream, bool leaveOpen, string displayName)
    {
        var head = new byte[MagicBytes];
        var read = 0;
        try
        {
            while (read < head.Length)
            {
                var n = stream.Read(head, read, head.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinregException(ExitCode.DataError, $"{displayName}: cannot be read ({e.Message})", e);
        }

        return (head[..read], new ReplayStream(head[..read], stream, leaveOpen));
    }

    private sealed class ReplayStream(byte[] head, Stream rest, bool leaveOpen) : ForwardStream(rest, leaveOpen)
    {
        private int _at;

        public override int Read(Span<byte> buffer)
        {
            if (_at < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _at);
                head.AsSpan(_at, n).CopyTo(buffer);
                _at += n;
                return n;
            }

            return Inner.Read(buffer);
        }
    }

    /// <summary>
    /// .NET's gzip decoder ends quietly where a file was cut short: a download stopped at a line end would train on
    /// part of the rows. The trailer's size (of the last member: a file of several joined gzip members fails the check,
    /// and a BGZF file, whose last member is empty, skips it) must match the text read.
    /// </summary>
    private sealed class GzipSizeCheck(Stream inner, uint? expected) : ForwardStream(inner)
    {
        private long _read;

        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            _read += n;
            if (n == 0 && buffer.Length > 0 && expected is { } size and not 0 && (uint)_read != size)
            {
                throw new InvalidDataException(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"its trailer records {size} bytes of text (mod 2^32), the data gave {_read}; gzip files joined into one read with zcat FILE | linreg ... -"));
            }

            return n;
        }
    }
}
