using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Folio.Pipeline;

/// <summary>An <see cref="IWorkStore"/> in Azure Blob Storage (or Azurite); containers per key area as <see cref="BlobWorkStoreOptions"/> says.</summary>
public sealed class BlobWorkStore : IWorkStore
{
    private readonly BlobServiceClient _service;
    private readonly BlobWorkStoreOptions _options;
    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    /// <summary>Uses an existing client.</summary>
    public BlobWorkStore(BlobServiceClient service, BlobWorkStoreOptions options)
    {
        _service = service;
        _options = options;
    }

    /// <summary>
    /// Builds the client from <see cref="BlobWorkStoreOptions.ConnectionString"/>, or from
    /// <see cref="BlobWorkStoreOptions.ServiceUri"/> with <paramref name="credential"/> (see <see cref="BlobClients.Create"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither a connection string nor a service URI is set.</exception>
    public static BlobWorkStore Create(BlobWorkStoreOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new BlobWorkStore(BlobClients.Create(options.ConnectionString, options.ServiceUri, "Blob storage needs a connection string or a service URI.", credential), options);
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var (container, blob) = Locate(key);
        await EnsureContainerAsync(container).ConfigureAwait(false);

        var upload = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType ?? "application/octet-stream" } };
        await container.GetBlobClient(blob).UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken = default)
    {
        var (container, blob) = Locate(key);
        await EnsureContainerAsync(container).ConfigureAwait(false);

        try
        {
            // If-None-Match: * — the service refuses the write when the blob exists.
            await container.GetBlobClient(blob).UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var (container, blob) = Locate(key);
        try
        {
            var response = await container.GetBlobClient(blob).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        var (container, blob) = Locate(key);
        try
        {
            return (await container.GetBlobClient(blob).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var (container, blob) = Locate(key);
        try
        {
            return (await container.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ListItemsAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return item.Key;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredItem> ListItemsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        var area = slash < 0 ? null : prefix[..slash];
        BlobContainerClient container;
        string blobPrefix, keyPrefix;
        if (area is not null && _options.Containers.TryGetValue(area, out var mapped))
        {
            container = _service.GetBlobContainerClient(mapped);
            blobPrefix = prefix[(slash + 1)..];
            keyPrefix = area + "/";
        }
        else
        {
            container = _service.GetBlobContainerClient(_options.DefaultContainer);
            blobPrefix = prefix;
            keyPrefix = string.Empty;
        }

        var items = new List<StoredItem>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, blobPrefix, cancellationToken).ConfigureAwait(false))
            {
                items.Add(new StoredItem(keyPrefix + item.Name, item.Properties.LastModified ?? DateTimeOffset.UtcNow));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container yet: no keys.
        }

        items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var item in items)
        {
            yield return item;
        }
    }

    // Creates the container once per process when asked to. Rights on the container alone (a role assigned on it, not on
    // the account, as the Bicep templates give; a container SAS) cannot create one, and the service answers 403 whether
    // or not it exists: then the container is taken to exist, and a write to a missing one fails with its own error.
    private async Task EnsureContainerAsync(BlobContainerClient container)
    {
        if (!_options.CreateContainers)
        {
            return;
        }

        await _created.GetOrAdd(container.Name, async _ =>
        {
            try
            {
                await container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 403)
            {
            }
        }).ConfigureAwait(false);
    }

    private (BlobContainerClient Container, string Blob) Locate(string key)
    {
        WorkKeys.Validate(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && _options.Containers.TryGetValue(key[..slash], out var container))
        {
            return (_service.GetBlobContainerClient(container), key[(slash + 1)..]);
        }

        return (_service.GetBlobContainerClient(_options.DefaultContainer), key);
    }
}
