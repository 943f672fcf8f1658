namespace Linreg.Core.Data;

/// <summary>
/// The text as CsvHelper should see it, for --skip-rows, --comment and -d space, byte by byte and keeping every line
/// break: skipped lines and comment lines become blank lines (which CsvHelper skips), so errors still name the
/// file's own line numbers. Under -d space, runs of spaces and tabs outside quotes become one tab and leading or
/// trailing ones go. A comment starts at the comment character outside quotes and runs to the end of the line.
/// All of these are ASCII, so UTF-8 text passes through unchanged.
/// </summary>
internal sealed class LineFilter(Stream inner, int skipRows, char? comment, bool whitespace) : ForwardStream(inner)
{
    /// <summary>What runs of white space become: no unquoted cell holds one once white space separates fields.</summary>
    public const char WhitespaceDelimiter = '\t';

    private readonly byte[] _input = new byte[1 << 16];
    private readonly int _comment = comment ?? -1;
    private int _start;
    private int _end;
    private long _line;
    private bool _quoted;
    private bool _inComment;
    private bool _lineHasText;
    private bool _pendingSpace;

    public static Stream Around(Stream text, CsvFormat format) =>
        format.NeedsLineFilter ? new LineFilter(text, format.SkipRows, format.Comment, format.Delimiter == CsvFormat.Whitespace) : text;

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written == 0 && buffer.Length > 0)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = Inner.Read(_input);
                if (_end == 0)
                {
                    return 0;
                }
            }

            while (_start < _end && written < buffer.Length)
            {
                var b = _input[_start++];
                if (b == '\n')
                {
                    _line++;
                    _inComment = false;
                    if (!_quoted)
                    {
                        _lineHasText = false;
                        _pendingSpace = false;
                    }

                    buffer[written++] = b;
                    continue;
                }

                if (_line < skipRows || _inComment)
                {
                    continue;
                }

                if (_quoted)
                {
                    _quoted = b != '"';
                    buffer[written++] = b;
                    continue;
                }

                if (b == _comment)
                {
                    _inComment = true;
                    continue;
                }

                if (whitespace && b is (byte)' ' or (byte)'\t' or (byte)'\r')
                {
                    // A CR before the LF is trailing white space here, as the LF ends the line.
                    _pendingSpace = _lineHasText;
                    continue;
                }

                if (_pendingSpace)
                {
                    buffer[written++] = (byte)WhitespaceDelimiter;
                    _pendingSpace = false;
                    if (written == buffer.Length)
                    {
                        _start--; // the byte after the tab goes in the next read
                        break;
                    }
                }

                _quoted = b == '"';
                _lineHasText = true;
                buffer[written++] = b;
            }
        }

        return written;
    }
}
