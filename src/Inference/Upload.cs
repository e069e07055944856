namespace Folio.Inference;

/// <summary>A body whose first bytes passed <see cref="UploadScreen"/>, the rest still unread.</summary>
internal sealed class Upload(Stream body, byte[] head, int headLength)
{
    /// <summary>The whole body, at most <paramref name="limit"/> bytes; null when it is longer (chunked bodies carry no Content-Length).</summary>
    public async Task<byte[]?> ReadAllAsync(long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        buffer.Write(head, 0, headLength);
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length > limit ? null : buffer.ToArray();
    }
}
