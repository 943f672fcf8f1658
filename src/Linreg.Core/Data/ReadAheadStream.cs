namespace Linreg.Core.Data;

/// <summary>
/// Decompression on a core of its own: a thread reads the inner stream (gzip, zstd) a block ahead while CsvHelper
/// parses the blocks before, so a compressed file costs about what its parsing costs rather than the sum of both.
/// At most <see cref="Depth"/> blocks exist. A failure while reading reaches the reader after the bytes before it.
/// </summary>
internal sealed class ReadAheadStream : ForwardStream
{
    private const int BlockBytes = 1 << 20;
    private const int Depth = 3;

    private readonly ReadAheadPool<Block> _blocks;
    private Block? _current;
    private int _at;

    public ReadAheadStream(Stream inner)
        : base(inner, leaveOpen: true) // the reading thread may still hold it: the pool disposes it once that has stopped
    {
        _blocks = new ReadAheadPool<Block>(Enumerable.Range(0, Depth).Select(_ => new Block()), block => Fill(inner, block), block => block.Count > 0, inner.Dispose);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_current is null || _at == _current.Count)
        {
            if (_current is not null)
            {
                _blocks.Return(_current);
                _current = null;
            }

            if (!_blocks.TryTake(out var next, CancellationToken.None))
            {
                return 0;
            }

            _current = next;
            _at = 0;
        }

        var n = Math.Min(buffer.Length, _current.Count - _at);
        _current.Bytes.AsSpan(_at, n).CopyTo(buffer);
        _at += n;
        return n;
    }

    /// <summary>Whole blocks, so CsvHelper's reads are few and large; a short one is the end.</summary>
    private static bool Fill(Stream inner, Block block)
    {
        block.Count = 0;
        int read;
        while (block.Count < block.Bytes.Length && (read = inner.Read(block.Bytes, block.Count, block.Bytes.Length - block.Count)) > 0)
        {
            block.Count += read;
        }

        return block.Count < block.Bytes.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _blocks.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Block
    {
        public byte[] Bytes { get; } = new byte[BlockBytes];

        public int Count { get; set; }
    }
}
