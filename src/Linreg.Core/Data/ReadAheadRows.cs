using System.Runtime.ExceptionServices;

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

    private readonly object _gate = new();
    private readonly Queue<RowBlock> _full = new();
    private readonly Stack<RowBlock> _free = new();
    private readonly Task _reading;
    private readonly CancellationToken _cancellationToken;
    private readonly RowCursor _rows;
    private ExceptionDispatchInfo? _failure;
    private bool _finished;
    private bool _disposed;

    /// <param name="rows">Used only by the reading thread, and disposed with this.</param>
    /// <param name="kept">Columns whose text each row also carries (<see cref="RowBlock.Cells"/>), or null for none.</param>
    internal ReadAheadRows(RowCursor rows, int[] columns, CancellationToken cancellationToken, int blockRows = DefaultBlockRows, int[]? kept = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _rows = rows;
        kept ??= [];
        for (var i = 0; i < Depth; i++)
        {
            _free.Push(new RowBlock(columns.Length, blockRows, kept.Length));
        }

        _cancellationToken = cancellationToken;
        _reading = Task.Run(() => Read(columns, kept, cancellationToken), CancellationToken.None);
    }

    /// <summary>Rows skipped under <see cref="MissingValuePolicy.Drop"/>, complete once <see cref="TryTake"/> returned false.</summary>
    public long Dropped { get; private set; }

    /// <summary>The next block, to give back with <see cref="Return"/>; false after the last one.</summary>
    public bool TryTake(out RowBlock block)
    {
        lock (_gate)
        {
            // In slices, so Ctrl-C is seen even while the reading thread waits for input that does not come.
            while (_full.Count == 0 && !_finished)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 100);
            }

            if (_full.Count > 0)
            {
                block = _full.Dequeue();
                return true;
            }
        }

        _failure?.Throw();
        block = null!;
        return false;
    }

    public void Return(RowBlock block)
    {
        lock (_gate)
        {
            _free.Push(block);
            Monitor.PulseAll(_gate);
        }
    }

    private void Read(int[] columns, int[] kept, CancellationToken cancellationToken)
    {
        long dropped = 0;
        while (true)
        {
            RowBlock block;
            lock (_gate)
            {
                while (_free.Count == 0 && !_disposed)
                {
                    Monitor.Wait(_gate);
                }

                if (_disposed)
                {
                    return;
                }

                block = _free.Pop();
            }

            block.Count = 0;
            var end = false;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (block.Count < block.Capacity && _rows.ReadRow(columns, block.Row(block.Count), ref dropped, kept, block.Cells(block.Count)))
                {
                    block.Count++;
                }

                end = block.Count < block.Capacity;
                block.BytesRead = _rows.BytesRead;
            }
#pragma warning disable CA1031 // Whatever stops the reading thread must reach the consumer, or it would wait forever.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                end = true;
            }

            lock (_gate)
            {
                Dropped = dropped;
                if (block.Count > 0)
                {
                    _full.Enqueue(block);
                }
                else
                {
                    _free.Push(block);
                }

                _finished = end;
                Monitor.PulseAll(_gate);
            }

            if (end)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        // A reading thread blocked on standard input would never finish; it stops at its next block, or with the
        // process, and keeps its rows until then.
        if (_reading.Wait(TimeSpan.FromSeconds(1)))
        {
            _rows.Dispose();
        }
    }
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
