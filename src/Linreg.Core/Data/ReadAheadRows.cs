namespace Linreg.Core.Data;

/// <summary>
/// Reads rows on a thread of its own, a block at a time, while the caller works on the blocks before: parsing and
/// what the caller does with the rows (predicting, formatting, writing) run on two cores. At most
/// <see cref="Depth"/> blocks exist, so memory stays the same whatever the input's size. A failure while reading
/// (a bad row, cancellation) reaches the caller after every row read before it, as if it had read them itself.
/// </summary>
public sealed class ReadAheadRows : IDisposable
{
    public const int DefaultBlockRows = 4096;

    /// <summary>Blocks in flight: one being read, one being used, one waiting.</summary>
    private const int Depth = 3;

    private readonly ReadAheadPool<RowBlock> _blocks;
    private readonly CancellationToken _cancellationToken;
    private long _dropped;

    /// <param name="rows">Used only by the reading thread, and disposed with this.</param>
    /// <param name="kept">Columns whose text each row also carries (<see cref="RowBlock.Cells"/>), or null for none.</param>
    internal ReadAheadRows(RowCursor rows, int[] columns, CancellationToken cancellationToken, int blockRows = DefaultBlockRows, int[]? kept = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        kept ??= [];
        _cancellationToken = cancellationToken;
        _blocks = new ReadAheadPool<RowBlock>(
            Enumerable.Range(0, Depth).Select(_ => new RowBlock(columns.Length, blockRows, kept.Length)),
            block => Fill(rows, columns, kept, block, cancellationToken),
            block => block.Count > 0,
            rows.Dispose);
    }

    /// <summary>Rows skipped under <see cref="MissingValuePolicy.Drop"/>, complete once <see cref="TryTake"/> returned false.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>The next block, to give back with <see cref="Return"/>; false after the last one.</summary>
    public bool TryTake(out RowBlock block) => _blocks.TryTake(out block, _cancellationToken);

    public void Return(RowBlock block) => _blocks.Return(block);

    /// <summary>A block of rows; a short one is the end. A bad row throws with the rows before it in the block.</summary>
    private bool Fill(RowCursor rows, int[] columns, int[] kept, RowBlock block, CancellationToken cancellationToken)
    {
        block.Count = 0;
        cancellationToken.ThrowIfCancellationRequested();
        var dropped = _dropped;
        try
        {
            while (block.Count < block.Capacity && rows.ReadRow(columns, block.Row(block.Count), ref dropped, kept, block.Cells(block.Count)))
            {
                block.Count++;
            }
        }
        finally
        {
            Volatile.Write(ref _dropped, dropped);
        }

        block.BytesRead = rows.BytesRead;
        return block.Count < block.Capacity;
    }

    public void Dispose() => _blocks.Dispose();
}

/// <summary>Rows of values, one after another, for <see cref="ReadAheadRows"/>.</summary>
public sealed class RowBlock(int width, int capacity, int keptWidth = 0)
{
    private readonly double[] _values = new double[width * capacity];
    private readonly string[] _cells = new string[keptWidth * capacity];

    public int Width { get; } = width;

    public int Capacity { get; } = capacity;

    public int Count { get; internal set; }

    /// <summary>Bytes of the input read up to the end of this block: progress through the input.</summary>
    public long BytesRead { get; internal set; }

    public Span<double> Row(int index) => _values.AsSpan(index * Width, Width);

    /// <summary>The text of the kept columns of row <paramref name="index"/>, verbatim; empty when none were asked for.</summary>
    public Span<string> Cells(int index) => _cells.AsSpan(index * keptWidth, keptWidth);
}
