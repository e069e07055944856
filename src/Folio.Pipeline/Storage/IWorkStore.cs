namespace Folio.Pipeline;

/// <summary>
/// Where a job's bytes live: the uploaded document, its pages, page results and outputs.
/// Keys are described by <see cref="WorkKeys"/>. Implementations are thread-safe.
/// </summary>
public interface IWorkStore
{
    /// <summary>Writes (or replaces) an object from a stream, read to its end.</summary>
    Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates an empty object unless one exists, atomically across processes (a claim); true when this call created it.
    /// </summary>
    Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading; null when it does not exist. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether an object exists.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; false when there was none.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Objects whose keys start with <paramref name="prefix"/>, with when each was last written (for retention).</summary>
    IAsyncEnumerable<StoredItem> ListItemsAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>An object in an <see cref="IWorkStore"/>.</summary>
/// <param name="Key">Its key.</param>
/// <param name="LastModified">When it was last written.</param>
public sealed record StoredItem(string Key, DateTimeOffset LastModified);
