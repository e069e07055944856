using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Folio.Pipeline;

/// <summary>Blob service clients, from a connection string or from an endpoint with an Azure credential.</summary>
public static class BlobClients
{
    /// <summary>
    /// A client for <paramref name="connectionString"/> (<c>UseDevelopmentStorage=true</c> for Azurite) when one is set,
    /// else for <paramref name="serviceUri"/> (<c>https://ACCOUNT.blob.core.windows.net</c>) with <paramref name="credential"/>
    /// (default <see cref="DefaultAzureCredential"/>: az login, a managed identity).
    /// </summary>
    /// <param name="connectionString">The connection string, or null or blank.</param>
    /// <param name="serviceUri">The blob endpoint, or null.</param>
    /// <param name="missing">What to say when neither is set: the settings that would set them.</param>
    /// <param name="credential">The credential for <paramref name="serviceUri"/>.</param>
    /// <exception cref="InvalidOperationException">Neither is set (the message is <paramref name="missing"/>).</exception>
    public static BlobServiceClient Create(string? connectionString, Uri? serviceUri, string missing, TokenCredential? credential = null) =>
        !string.IsNullOrWhiteSpace(connectionString) ? new BlobServiceClient(connectionString)
        : serviceUri is not null ? new BlobServiceClient(serviceUri, credential ?? new DefaultAzureCredential())
        : throw new InvalidOperationException(missing);
}
