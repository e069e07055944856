using System.Buffers;
using System.Text.Json;
using Folio.Documents;

namespace Folio.Pipeline;

/// <summary>Byte and JSON helpers over <see cref="IWorkStore"/>.</summary>
public static class WorkStoreExtensions
{
    /// <summary>JSON settings of stored objects (page results, manifests): web defaults, camelCase.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Writes bytes.</summary>
    public static async Task PutBytesAsync(this IWorkStore store, string key, ReadOnlyMemory<byte> bytes, string? contentType = null, CancellationToken cancellationToken = default)
    {
        using var stream = new ReadOnlyMemoryStream(bytes);
        await store.PutAsync(key, stream, contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a whole object.</summary>
    /// <exception cref="KeyNotFoundException">No object has that key.</exception>
    public static Task<byte[]> GetBytesAsync(this IWorkStore store, string key, CancellationToken cancellationToken = default) =>
        store.GetBytesAsync(key, long.MaxValue, cancellationToken);

    /// <summary>
    /// Reads a whole object of at most <paramref name="maxBytes"/>: an object whose length is known to be larger is
    /// refused before it is read, one of unknown length when more than that has arrived.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No object has that key.</exception>
    /// <exception cref="DocumentException">The object is larger than <paramref name="maxBytes"/> (<see cref="DocumentErrorKind.TooLarge"/>).</exception>
    public static async Task<byte[]> GetBytesAsync(this IWorkStore store, string key, long maxBytes, CancellationToken cancellationToken = default)
    {
        var stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"'{key}' is not in the store.");
        await using (stream.ConfigureAwait(false))
        {
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw TooLarge($"{stream.Length:N0} bytes", maxBytes);
            }

            using var buffer = stream.CanSeek ? new MemoryStream((int)Math.Min(stream.Length, int.MaxValue)) : new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(81_920);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        throw TooLarge($"over {maxBytes:N0} bytes", maxBytes);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.ToArray();
        }

    }

    /// <summary>Writes a value as JSON (<see cref="JsonOptions"/>).</summary>
    public static async Task PutJsonAsync<T>(this IWorkStore store, string key, T value, CancellationToken cancellationToken = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, JsonOptions);
        await store.PutBytesAsync(key, bytes, "application/json", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a JSON value; default when the object does not exist.</summary>
    public static async Task<T?> GetJsonAsync<T>(this IWorkStore store, string key, CancellationToken cancellationToken = default)
    {
        var stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return default;
        }

        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, JsonOptions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Copies an object to another key (streamed); one whose length is known to exceed <paramref name="maxBytes"/> is refused before the copy.</summary>
    /// <exception cref="KeyNotFoundException">No object has the source key.</exception>
    /// <exception cref="DocumentException">The object is larger than <paramref name="maxBytes"/> (<see cref="DocumentErrorKind.TooLarge"/>).</exception>
    public static async Task CopyAsync(this IWorkStore store, string fromKey, string toKey, long maxBytes = long.MaxValue, CancellationToken cancellationToken = default)
    {
        var stream = await store.OpenReadAsync(fromKey, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"'{fromKey}' is not in the store.");
        await using (stream.ConfigureAwait(false))
        {
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw TooLarge($"{stream.Length:N0} bytes", maxBytes);
            }

            await store.PutAsync(toKey, stream, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DocumentException TooLarge(string size, long limit) => new(DocumentErrorKind.TooLarge, $"The document is {size}; the limit is {limit:N0}.");

    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => memory.Length;

        public override long Position { get => _position; set => _position = (int)Math.Clamp(value, 0, memory.Length); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => memory.Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
