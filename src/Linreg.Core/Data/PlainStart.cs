namespace Linreg.Core.Data;

/// <summary>Where a file's data rows start, past any byte-order mark and header, for the fast path.</summary>
/// <param name="Offset">The byte offset of the first data line.</param>
/// <param name="Line">Its 1-based line number.</param>
internal sealed record PlainStart(long Offset, long Line)
{
    /// <summary>How much of a file's start <see cref="Find"/> looks at.</summary>
    public const int HeadBytes = 1 << 16;

    /// <summary>Null when the fast path cannot take the file: not UTF-8, or a header longer than 64 KiB.</summary>
    /// <param name="text">The file's first <see cref="HeadBytes"/> bytes, or all of a smaller file.</param>
    public static PlainStart? Find(ReadOnlySpan<byte> text, bool hasHeader)
    {
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

        return text.Length < HeadBytes ? new PlainStart(text.Length, line + 1) : null;
    }
}
