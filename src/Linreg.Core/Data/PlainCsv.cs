
namespace Linreg.Core.Data;

/// <summary>
/// The fast path for the CSV that numeric exports almost always are: one record per line, no quotes, every wanted
/// cell a plain number. Lines are read straight from the file's bytes and numbers with <see cref="FastFloat"/>.
/// Anything else (a quote, a blank line, a cell that is not a plain finite number, a wrong field count) is not
/// judged here: the line is refused, and the caller hands the input to CsvHelper, which reads every CSV and words
/// every error. So both paths accept the same files and give the same numbers; this one only does it faster.
/// </summary>
/// <param name="Slots">For each column, where its value goes in a row's values, or -1 when it is not wanted.</param>
/// <param name="Wanted">The columns asked for, in the order their values are written.</param>
internal sealed record PlainCsvLayout(byte Delimiter, int[] Slots, int[] Wanted)
{
    public static PlainCsvLayout For(char delimiter, int columnCount, ReadOnlySpan<int> wanted)
    {
        var slots = Enumerable.Repeat(-1, columnCount).ToArray();
        for (var i = 0; i < wanted.Length; i++)
        {
            slots[wanted[i]] = i;
        }

        return new PlainCsvLayout((byte)delimiter, slots, wanted.ToArray());
    }

    /// <summary>Parses one line, without its line end, into <paramref name="values"/>; false when it is not plain.</summary>
    public bool TryParseLine(ReadOnlySpan<byte> line, Span<float> values)
    {
        var slots = Slots;
        var at = 0;
        for (var column = 0; column < slots.Length; column++)
        {
            var last = column == slots.Length - 1;
            if (slots[column] >= 0)
            {
                if (!FastFloat.TryParseAt(line, ref at, out var value) || !float.IsFinite(value))
                {
                    return false;
                }

                values[slots[column]] = value;
            }
            else
            {
                // A column nobody reads may hold any text that needs no CSV rules: no quote, and no carriage return,
                // which CsvHelper takes for a line break.
                var rest = line[at..];
                var length = last ? rest.Length : rest.IndexOf(Delimiter);
                if (length < 0 || rest[..length].IndexOfAny(Delimiter, (byte)'"', (byte)'\r') >= 0)
                {
                    return false;
                }

                at += length;
            }

            if (last)
            {
                return at == line.Length;
            }

            if (at >= line.Length || line[at] != Delimiter)
            {
                return false;
            }

            at++;
        }

        return false;
    }
}

/// <summary>
/// Lines of a byte range of a stream, read in 1 MiB blocks: each line without its <c>\n</c> or <c>\r\n</c>. A line
/// longer than a block is reported as not plain, like any other line this path does not take.
/// </summary>
internal sealed class PlainLineReader : IDisposable
{
    private const int BlockBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private long _remaining;
    private int _start;
    private int _end;

    /// <param name="stream">Positioned at the first line; disposed with the reader.</param>
    /// <param name="length">Bytes to read from the current position.</param>
    /// <param name="buffer">A block buffer to use (one per thread, when a thread reads many ranges), or null for a new one.</param>
    public PlainLineReader(Stream stream, long length, byte[]? buffer = null)
    {
        _stream = stream;
        _remaining = length;
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

    private void Refill()
    {
        var kept = _end - _start;
        _buffer.AsSpan(_start, kept).CopyTo(_buffer);
        _start = 0;
        _end = kept;
        var wanted = (int)Math.Min(_buffer.Length - kept, _remaining);
        var read = _stream.ReadAtLeast(_buffer.AsSpan(kept, wanted), wanted, throwOnEndOfStream: false);
        _end += read;
        _remaining = read < wanted ? 0 : _remaining - read;
    }

    public void Dispose() => _stream.Dispose();
}

internal enum LineStatus
{
    Line,
    End,
    NotPlain,
}

/// <summary>Where a file's data rows start, past any byte-order mark and header, for the fast path.</summary>
/// <param name="Offset">The byte offset of the first data line.</param>
/// <param name="Line">Its 1-based line number.</param>
internal sealed record PlainStart(long Offset, long Line)
{
    private const int HeadBytes = 1 << 16;

    /// <summary>Null when the fast path cannot take the file: not UTF-8, or a header longer than 64 KiB.</summary>
    public static PlainStart? Find(string path, bool hasHeader)
    {
        var head = new byte[HeadBytes];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // CsvHelper, which has the file open already, reads it and reports any error
        }

        var text = head.AsSpan(0, read);
        if (text.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || text.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return null; // UTF-16 or UTF-32: CsvHelper transcodes it
        }

        var offset = text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        if (!hasHeader)
        {
            return new PlainStart(offset, 1);
        }

        // The header may quote its names ("x","y" as R writes them), and a quoted name may hold a line break.
        var quoted = false;
        var line = 1;
        for (var i = offset; i < text.Length; i++)
        {
            switch (text[i])
            {
                case (byte)'"':
                    quoted = !quoted;
                    break;
                case (byte)'\n' when quoted:
                    line++;
                    break;
                case (byte)'\n':
                    return new PlainStart(i + 1, line + 1);
                case (byte)'\r' when !quoted && (i + 1 >= text.Length || text[i + 1] != '\n'):
                    return null; // a line break of old Macs, which CsvHelper understands and the fast path does not
            }
        }

        return read < head.Length ? new PlainStart(read, line + 1) : null;
    }

    /// <summary>Lines of the data from <paramref name="from"/> bytes past its start, for <paramref name="length"/> bytes.</summary>
    public PlainLineReader OpenLines(string path, long from, long length, byte[]? buffer = null)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        try
        {
            file.Position = Offset + from;
            return new PlainLineReader(file, length, buffer);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
