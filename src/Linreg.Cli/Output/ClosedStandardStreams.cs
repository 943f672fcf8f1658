namespace Linreg.Cli.Output;

/// <summary>
/// Standard streams that were closed when linreg started (<c>&lt;&amp;-</c>, <c>&gt;&amp;-</c>). The runtime opens its own
/// pipes (signal delivery) before Main runs, and a closed descriptor 0, 1 or 2 is the first it reuses: reading
/// "standard input" then blocks forever on the runtime's pipe, and swallows the very signals that would stop it.
/// Such a stream is recognised as one end of a pipe whose other end this process also holds.
/// </summary>
internal static class ClosedStandardStreams
{
    public static bool IsClosed(int descriptor)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var target = new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget;
            if (target is null || !(target.StartsWith("pipe:", StringComparison.Ordinal) || target.StartsWith("anon_inode:", StringComparison.Ordinal)))
            {
                return false;
            }

            // The runtime's pipe has both ends here: one on the descriptor, the other further up. A pipe from
            // another process (cat data.csv | linreg) has only our end, though the runtime may hold a copy of it.
            var access = AccessMode(descriptor);
            foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                if (int.TryParse(Path.GetFileName(entry), out var other) && other > 2 && new FileInfo(entry).LinkTarget == target && AccessMode(other) != access)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without /proc the streams are taken as they are.
        }

        return false;
    }

    /// <summary>O_RDONLY, O_WRONLY or O_RDWR, from the flags /proc/self/fdinfo shows (in octal).</summary>
    private static int AccessMode(int descriptor)
    {
        foreach (var line in File.ReadLines($"/proc/self/fdinfo/{descriptor}"))
        {
            if (line.StartsWith("flags:", StringComparison.Ordinal))
            {
                return Convert.ToInt32(line["flags:".Length..].Trim(), 8) & 3;
            }
        }

        return -1;
    }

    /// <summary>A stream for a descriptor that was closed: every read and write fails as a closed one would.</summary>
    public static Stream Closed(string name) => new ClosedStream(name);

    private sealed class ClosedStream(string name) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw Closed();

        public override void Write(byte[] buffer, int offset, int count) => throw Closed();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private IOException Closed() => new($"{name} is closed");
    }
}
