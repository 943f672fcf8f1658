namespace Linreg.Core.Data;

/// <summary>
/// A stream read once from start to end, over an inner stream it disposes unless told to leave it open: what every
/// filter between a source's bytes and CsvHelper is (a replayed head, gzip's size check, read-ahead, the line
/// filter, the line bound). A filter gives <see cref="Read(Span{byte})"/> and nothing else.
/// </summary>
internal abstract class ForwardStream(Stream inner, bool leaveOpen = false) : Stream
{
    /// <summary>The stream this one reads from.</summary>
    protected Stream Inner { get; } = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override int Read(Span<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
