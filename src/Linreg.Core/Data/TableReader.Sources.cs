namespace Linreg.Core.Data;

/// <summary>How a source becomes bytes and text: a file, a pipe or standard input; compressed or not; Parquet.</summary>
public sealed partial class TableReader
{
    /// <summary>
    /// A regular file for positional reads (its first bytes in <c>Head</c>); or, for standard input or a path that
    /// can be read only once (a FIFO, <c>&lt;(…)</c>, <c>/dev/stdin</c>), a stream that is read once, its first bytes
    /// already looked at. Parquet from such a stream is copied to a temporary file first, since its index is at its end.
    /// </summary>
    private static (TableFile? File, Stream? Sequential, byte[] Head, SourceFormat Kind) OpenSource(DataSource source)
    {
        Stream stream;
        if (source.IsStandardInput)
        {
            stream = source.OpenStandardInput();
        }
        else
        {
            var handle = source.OpenFile();
            try
            {
                // A positional read of nothing: refused at once by a handle that cannot seek, free otherwise.
                _ = RandomAccess.Read(handle, Span<byte>.Empty, 0);
                var file = new TableFile(handle, source.DisplayName);
                var head = Head(file, PlainStart.HeadBytes);
                try
                {
                    return (file, null, head, SourceFormats.Detect(head, source.DisplayName));
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
            }
            catch (NotSupportedException)
            {
                stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            }
        }

        // Standard input stays open for the rest of the process; a pipe the reader opened is the reader's.
        var (magic, replayed) = SourceFormats.Peek(stream, leaveOpen: source.IsStandardInput, source.DisplayName);
        try
        {
            var kind = SourceFormats.Detect(magic, source.DisplayName);
            if (kind != SourceFormat.Parquet)
            {
                return (null, replayed, [], kind);
            }

            var spooled = Spool(replayed, source.DisplayName);
            return (spooled, null, Head(spooled, PlainStart.HeadBytes), kind);
        }
        catch
        {
            replayed.Dispose();
            throw;
        }
    }

    /// <summary>The text of a file, from its start: decompressed and filtered as the format asks, and how far into the file it has read.</summary>
    private static (Stream Text, Func<long>? Position) OpenText(TableFile file, SourceFormat kind, CsvFormat format)
    {
        var raw = file.StreamFrom(0);
        uint? gzipSize = null;
        Span<byte> trailer = stackalloc byte[4];
        if (kind == SourceFormat.Gzip && file.Length >= 18 && file.Read(file.Length - 4, trailer) == 4)
        {
            gzipSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        }

        var text = Text(raw, kind, format, gzipSize);
        return (text, ReferenceEquals(text, raw) ? null : () => raw.Position);
    }

    private static Stream Text(Stream raw, SourceFormat kind, CsvFormat format, uint? gzipSize = null) =>
        LineFilter.Around(SourceFormats.Decompress(raw, kind, leaveOpen: false, gzipSize), format);

    /// <summary>A stream's bytes in a temporary file that is gone when closed (removed at once: only the handle names it).</summary>
    private static TableFile Spool(Stream stream, string displayName)
    {
        var path = Path.Combine(Path.GetTempPath(), $".linreg-{Environment.ProcessId}-{Guid.NewGuid():N}.parquet");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        try
        {
            File.Delete(path);
            var buffer = new byte[1 << 20];
            long offset = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                RandomAccess.Write(handle, buffer.AsSpan(0, read), offset);
                offset += read;
            }

            stream.Dispose();
            return new TableFile(handle, displayName);
        }
        catch (IOException e)
        {
            handle.Dispose();
            throw new LinregException(ExitCode.DataError, $"{displayName}: Parquet from a pipe is copied to a temporary file first, and that failed ({e.Message}); give the file's path instead", e);
        }
    }
}
