using System.Runtime.ExceptionServices;

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

    private readonly Stream _inner;
    private readonly object _gate = new();
    private readonly Queue<(byte[] Bytes, int Count)> _full = new();
    private readonly Stack<byte[]> _free = new();
    private readonly Task _reading;
    private ExceptionDispatchInfo? _failure;
    private bool _finished;
    private bool _disposed;
    private (byte[] Bytes, int Count) _current;
    private int _at;

    public ReadAheadStream(Stream inner)
        : base(inner, leaveOpen: true) // the reading thread may still hold it: Dispose decides
    {
        _inner = inner;
        for (var i = 0; i < Depth; i++)
        {
            _free.Push(new byte[BlockBytes]);
        }

        _reading = Task.Run(Fill);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_current.Bytes is null || _at == _current.Count)
        {
            lock (_gate)
            {
                if (_current.Bytes is not null)
                {
                    _free.Push(_current.Bytes);
                    _current = default;
                    Monitor.PulseAll(_gate);
                }

                while (_full.Count == 0 && !_finished)
                {
                    Monitor.Wait(_gate);
                }

                if (_full.Count == 0)
                {
                    _failure?.Throw();
                    return 0;
                }

                _current = _full.Dequeue();
                _at = 0;
            }
        }

        var n = Math.Min(buffer.Length, _current.Count - _at);
        _current.Bytes.AsSpan(_at, n).CopyTo(buffer);
        _at += n;
        return n;
    }

    private void Fill()
    {
        while (true)
        {
            byte[] block;
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

            var count = 0;
            var end = false;
            try
            {
                // Whole blocks, so CsvHelper's reads are few and large.
                int read;
                while (count < block.Length && (read = _inner.Read(block, count, block.Length - count)) > 0)
                {
                    count += read;
                }

                end = count < block.Length;
            }
#pragma warning disable CA1031 // Whatever stops the reading thread must reach the reader, or it would wait forever.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                end = true;
            }

            lock (_gate)
            {
                if (count > 0)
                {
                    _full.Enqueue((block, count));
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _disposed = true;
                Monitor.PulseAll(_gate);
            }

            // A thread blocked on standard input would never finish; it stops with the process.
            if (_reading.Wait(TimeSpan.FromSeconds(1)))
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
