namespace Linreg.Core.Data;

/// <summary>
/// Lines of a byte range of a file, read in 1 MiB blocks: each line without its <c>\n</c> or <c>\r\n</c>. A line
/// longer than a block is reported as not plain, like any other line the fast path does not take.
/// </summary>
internal sealed class PlainLineReader
{
    private const int BlockBytes = 1 << 20;

    private readonly TableFile _file;
    private readonly byte[] _buffer;
    private long _position;
    private long _remaining;
    private int _start;
    private int _end;

    /// <param name="buffer">A block buffer to use (one per thread, when a thread reads many ranges), or null for a new one.</param>
    public PlainLineReader(TableFile file, long offset, long length, byte[]? buffer = null)
    {
        _file = file;
        _position = offset;
        _remaining = Math.Min(length, Math.Max(0, file.Length - offset));
        _buffer = buffer ?? NewBuffer();
    }

    public static byte[] NewBuffer() => new byte[BlockBytes];

    /// <summary>Bytes taken from the range so far, up to the end of the last line returned.</summary>
    public long Consumed { get; private set; }

    /// <summary>
    /// The next line in <paramref name="line"/>: <see cref="LineStatus.Line"/>, <see cref="LineStatus.End"/> after the
    /// last one, or <see cref="LineStatus.NotPlain"/> for a blank or overlong line (nothing is consumed then).
    /// </summary>
    public LineStatus Next(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline < 0 && _remaining > 0)
            {
                if (_start == 0 && _end == _buffer.Length)
                {
                    line = default;
                    return LineStatus.NotPlain;
                }

                Refill();
                continue;
            }

            if (newline < 0 && pending.IsEmpty)
            {
                line = default;
                return LineStatus.End;
            }

            var length = newline < 0 ? pending.Length : newline;
            line = pending[..length];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                return LineStatus.NotPlain;
            }

            var taken = newline < 0 ? length : length + 1;
            _start += taken;
            Consumed += taken;
            return LineStatus.Line;
        }
    }

    /// <summary>Lines in the range (a last line without a line end counts), at memory speed.</summary>
    public long CountLines()
    {
        long lines = 0;
        var last = (byte)'\n';
        while (_remaining > 0)
        {
            var read = _file.Read(_position, _buffer.AsSpan(0, (int)Math.Min(_buffer.Length, _remaining)));
            if (read == 0)
            {
                break;
            }

            lines += _buffer.AsSpan(0, read).Count((byte)'\n');
            last = _buffer[read - 1];
            _position += read;
            _remaining -= read;
        }

        return last == '\n' ? lines : lines + 1;
    }

    private void Refill()
    {
        var kept = _end - _start;
        _buffer.AsSpan(_start, kept).CopyTo(_buffer);
        _start = 0;
        _end = kept;
        var wanted = (int)Math.Min(_buffer.Length - kept, _remaining);
        var read = _file.Read(_position, _buffer.AsSpan(kept, wanted));
        _position += read;
        _end += read;
        _remaining = read < wanted ? 0 : _remaining - read;
    }
}

internal enum LineStatus
{
    Line,
    End,
    NotPlain,
}
