using Microsoft.Win32.SafeHandles;

namespace Linreg.Core.Data;

/// <summary>
/// A data file's bytes through its one handle: positional reads, which any number of threads and passes may make
/// at once without opening the file again.
/// </summary>
internal sealed class TableFile(SafeFileHandle handle, string displayName) : IDisposable
{
    /// <summary>The file's size when it was opened: what every pass reads.</summary>
    public long Length { get; } = RandomAccess.GetLength(handle);

    /// <summary>The file's size now, to tell whether something wrote to it since it was opened.</summary>
    public long CurrentLength() => RandomAccess.GetLength(handle);

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> as far as the file goes; the bytes read.</summary>
    public int Read(long offset, Span<byte> buffer)
    {
        var total = 0;
        try
        {
            while (total < buffer.Length)
            {
                var read = RandomAccess.Read(handle, buffer[total..], offset + total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (IOException e)
        {
            throw new LinregException(ExitCode.DataError, $"{displayName}: cannot be read ({e.Message})", e);
        }

        return total;
    }

    /// <summary>A read-only stream of the file from <paramref name="offset"/>, for CsvHelper; it does not own the handle.</summary>
    public Stream StreamFrom(long offset) => new FileSlice(this, offset, seekable: false);

    /// <summary>A seekable stream of the whole file, for a reader that jumps about in it (Parquet's footer, then its row groups).</summary>
    public Stream SeekableStream() => new FileSlice(this, 0, seekable: true);

    public void Dispose() => handle.Dispose();

    private sealed class FileSlice(TableFile file, long position, bool seekable) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => seekable;

        public override bool CanWrite => false;

        public override long Length => file.Length;

        public override long Position
        {
            get => position;
            set => position = seekable ? value : throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = file.Read(position, buffer);
            position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => file.Length + offset,
        };

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
