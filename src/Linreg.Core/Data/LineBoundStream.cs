using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>
/// What CsvHelper reads, refused at the first line (or record, when a quoted cell spans lines) longer than
/// <see cref="MaxLineBytes"/>: CsvHelper buffers a whole record, so one 3 GB line (a file without line breaks, a dump of one JSON document) cost 4.2 GB of memory in
/// <c>predict</c>, which promises constant memory. The fast path hands every line longer than its 1 MiB block to
/// CsvHelper, so this bound holds on every reader path, for files, pipes and standard input alike.
/// </summary>
internal sealed class LineBoundStream(Stream inner, string sourceName, long firstLine, bool leaveOpen) : ForwardStream(inner, leaveOpen)
{
    /// <summary>Far beyond any CSV row of numbers (a million features take about 20 MB), far below what strains memory.</summary>
    public const long DefaultMaxLineBytes = 64L << 20;

    private long _run;
    private long _lines;
    private long _recordLine;
    private bool _quoted;

    /// <summary>The bound in force; tests lower it, so a long line need not be 64 MiB.</summary>
    internal static long MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        var rest = buffer[..read];
        var max = MaxLineBytes;
        while (true)
        {
            // A line break inside quotes is part of a cell: the record goes on, and so does its count. Quotes toggle
            // (an escaped "" toggles twice), which is how CSV tells the two apart.
            var next = rest.IndexOfAny((byte)'\n', (byte)'"');
            var run = next < 0 ? rest.Length : next;
            if (_run + run > max)
            {
                throw new LinregException(
                    ExitCode.DataError,
                    string.Create(CultureInfo.InvariantCulture, $"{sourceName}:{firstLine + _recordLine}: {(_recordLine == _lines ? "this line is" : "the record starting on this line (a quoted cell spanning lines) is")} longer than {Size(max)}, the most linreg reads as one row (it holds a row in memory); a CSV file has one row per line: check that this is CSV text with line breaks and closed quotes"));
            }

            if (next < 0)
            {
                _run += run;
                return read;
            }

            if (rest[next] == '"')
            {
                _quoted = !_quoted;
                _run += run + 1;
            }
            else
            {
                _lines++;
                if (_quoted)
                {
                    _run += run + 1;
                }
                else
                {
                    _run = 0;
                    _recordLine = _lines;
                }
            }

            rest = rest[(next + 1)..];
        }
    }

    private static string Size(long bytes) =>
        bytes % (1 << 20) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB") : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
