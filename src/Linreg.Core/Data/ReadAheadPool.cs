using System.Runtime.ExceptionServices;

namespace Linreg.Core.Data;

/// <summary>
/// A fixed set of blocks filled on a thread of its own while the caller uses the blocks filled before: the engine
/// of <see cref="ReadAheadStream"/> (decompressed bytes) and <see cref="ReadAheadRows"/> (parsed rows). No more
/// blocks exist than were given, so memory stays the same whatever the input's size. A failure while filling
/// reaches the caller after every block filled before it, as if the caller had read them itself.
/// </summary>
internal sealed class ReadAheadPool<TBlock> : IDisposable
    where TBlock : class
{
    private readonly object _gate = new();
    private readonly Queue<TBlock> _full = new();
    private readonly Stack<TBlock> _free = new();
    private readonly Func<TBlock, bool> _fill;
    private readonly Func<TBlock, bool> _holdsAny;
    private readonly Action _release;
    private readonly Task _filling;
    private ExceptionDispatchInfo? _failure;
    private bool _finished;
    private bool _disposed;

    /// <param name="blocks">The blocks to fill, over and over.</param>
    /// <param name="fill">Fills a block on the pool's thread; true when the input ended with it. It may throw.</param>
    /// <param name="holdsAny">Whether a block holds anything to hand over, asked after each fill, a failed one too: what was read before a failure still reaches the caller.</param>
    /// <param name="release">Frees the input once the filling thread has stopped (see <see cref="Dispose"/>).</param>
    public ReadAheadPool(IEnumerable<TBlock> blocks, Func<TBlock, bool> fill, Func<TBlock, bool> holdsAny, Action release)
    {
        foreach (var block in blocks)
        {
            _free.Push(block);
        }

        _fill = fill;
        _holdsAny = holdsAny;
        _release = release;
        _filling = Task.Run(Fill, CancellationToken.None);
    }

    /// <summary>The next filled block, to give back with <see cref="Return"/>; false after the last one.</summary>
    public bool TryTake(out TBlock block, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // In slices, so Ctrl-C is seen even while the filling thread waits for input that does not come.
            while (_full.Count == 0 && !_finished)
            {
                cancellationToken.ThrowIfCancellationRequested();
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

    public void Return(TBlock block)
    {
        lock (_gate)
        {
            _free.Push(block);
            Monitor.PulseAll(_gate);
        }
    }

    private void Fill()
    {
        while (true)
        {
            TBlock block;
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

            bool last;
            try
            {
                last = _fill(block);
            }
#pragma warning disable CA1031 // Whatever stops the filling thread must reach the caller, or it would wait forever.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                last = true;
            }

            lock (_gate)
            {
                if (_holdsAny(block))
                {
                    _full.Enqueue(block);
                }
                else
                {
                    _free.Push(block);
                }

                _finished = last;
                Monitor.PulseAll(_gate);
            }

            if (last)
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

        // A filling thread blocked on standard input would never finish; it stops at its next block, or with the
        // process, and keeps its input until then.
        if (_filling.Wait(TimeSpan.FromSeconds(1)))
        {
            _release();
        }
    }
}
