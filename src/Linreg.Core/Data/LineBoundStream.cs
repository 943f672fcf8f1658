using System.Globalization;

namespace Linreg.Core.Data;

/// <summary>
/// What CsvHelper reads, refused at the first line longer than <see cref="MaxLineBytes"/>: CsvHelper buffers a whole
/// record, so one 3 GB line (a file without line breaks, a dump of one JSON document) cost 4.2 GB of memory in
/// <c>predict</c>, which promises constant memory. The fast path hands every line longer than its 1 MiB block to
/// CsvHelper, so this bound holds on every reader path, for files, pipes and standard input alike.
/// </summary>
internal sealed class LineBoundStream(Stream inner, string sourceName, long firstLine, bool leaveOpen) : Stream
{
    /// <summary>Far beyond any CSV row of numbers (a million features take about 20 MB), far below what strains memory.</summary>
    public const long DefaultMaxLineBytes = 64L << 20;

    private long _run;
    private long _lines;

    /// <summary>The bound in force; tests lower it, so a long line need not be 64 MiB.</summary>
    internal static long MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        var rest = buffer[..read];
        var max = MaxLineBytes;
        while (true)
        {
            var newline = rest.IndexOf((byte)'\n');
            var run = newline < 0 ? rest.Length : newline;
            if (_run + run > max)
            {
                throw new LinregException(
                    ExitCode.DataError,
                    string.Create(CultureInfo.InvariantCulture, $"{sourceName}:{firstLine + _lines}: this line is longer than {Size(max)}, the most linreg reads as one line (it holds a record in memory); a CSV file has one row per line: check that this is CSV text with line breaks"));
            }

            if (newline < 0)
            {
                _run += run;
                return read;
            }

            _run = 0;
            _lines++;
            rest = rest[(newline + 1)..];
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string Size(long bytes) =>
        bytes % (1 << 20) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB") : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
