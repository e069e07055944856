using Amazon.Runtime;
using Amazon.S3;
using Azure.Storage.Blobs;
using Folio.Pipeline;

namespace Folio.Cli;

/// <summary>
/// Local stand-ins for the remote locations (<c>s3://</c>, <c>blob://</c>) of one <c>folio ocr</c> run: the source
/// downloaded into a temporary folder before the run, the outputs written to a temporary folder and uploaded
/// after. Disposing deletes both.
/// </summary>
internal sealed class RemoteStaging : IDisposable
{
    /// <summary>Connection string of the Blob account for <c>blob://</c> locations (Azurite: <c>UseDevelopmentStorage=true</c>).</summary>
    public const string BlobConnectionVariable = "FOLIO_STORAGE";

    /// <summary>Blob endpoint for <c>blob://</c> locations with Azure credentials (az login, managed identity), when no connection string is set.</summary>
    public const string BlobEndpointVariable = "FOLIO_BLOB_ENDPOINT";

    private readonly LocationStorage _storage;
    private readonly IAmazonS3? _s3;
    private readonly string _folder;

    private RemoteStaging(BlobServiceClient? blobs, IAmazonS3? s3)
    {
        _s3 = s3;
        _storage = new LocationStorage(blobs, s3);
        _folder = Directory.CreateTempSubdirectory("folio-remote-").FullName;
    }

    /// <summary>The local folder that stands in for a remote output prefix.</summary>
    public string OutputFolder => Path.Combine(_folder, "out");

    /// <summary>Staging with clients configured from the environment; null when the command names no remote location.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid, or a <c>blob://</c> location has no account configured.</exception>
    public static RemoteStaging? For(OcrCommand command)
    {
        var locations = new[] { command.RemoteSource, command.RemoteOutput }.OfType<DocumentLocation>().ToArray();
        if (locations.Length == 0)
        {
            return null;
        }

        BlobServiceClient? blobs = null;
        if (locations.Any(l => l.Scheme == LocationScheme.Blob))
        {
            var connection = Environment.GetEnvironmentVariable(BlobConnectionVariable);
            var endpoint = Environment.GetEnvironmentVariable(BlobEndpointVariable);
            blobs = BlobClients.Create(connection, Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null,
                $"blob:// needs {BlobConnectionVariable} (a connection string; UseDevelopmentStorage=true for Azurite) or {BlobEndpointVariable} (https://ACCOUNT.blob.core.windows.net, with az login or a managed identity).");
        }

        var s3 = locations.Any(l => l.Scheme == LocationScheme.S3) ? S3Clients.Create(S3Options.FromEnvironment()) : null;
        return new RemoteStaging(blobs, s3);
    }

    /// <summary>Whether <paramref name="ex"/> is a failure talking to the storage service (as opposed to a bug).</summary>
    public static bool IsRemoteFailure(Exception ex) =>
        ex is AmazonServiceException or AmazonClientException or Azure.RequestFailedException or HttpRequestException or IOException;

    /// <summary>Downloads the source into the staging folder, keeping the key's file name (so NAME stays the same).</summary>
    /// <exception cref="FileNotFoundException">The object does not exist.</exception>
    public async Task<string> FetchAsync(DocumentLocation source, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        var path = Path.Combine(folder, source.FileName);
        var content = await _storage.OpenReadAsync(source, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"{source} does not exist.", source.ToString());
        await using (content.ConfigureAwait(false))
        {
            var file = File.Create(path);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        return path;
    }

    /// <summary>Uploads the files (outputs, overlays) under <paramref name="prefix"/>, by their file names; returns where they went, in order.</summary>
    public async Task<IReadOnlyList<DocumentLocation>> PublishAsync(IEnumerable<string> files, DocumentLocation prefix, CancellationToken cancellationToken)
    {
        var written = new List<DocumentLocation>();
        foreach (var path in files)
        {
            var target = prefix.Child(Path.GetFileName(path));
            var file = File.OpenRead(path);
            await using (file.ConfigureAwait(false))
            {
                await _storage.WriteAsync(target, file, ContentTypeOf(path), cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            written.Add(target);
        }

        return written;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _s3?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".MD" => "text/markdown; charset=utf-8",
        ".JSON" => "application/json; charset=utf-8",
        ".PNG" => "image/png",
        var other => OutputFormats.ContentType(other.TrimStart('.').ToLowerInvariant()),
    };
}
