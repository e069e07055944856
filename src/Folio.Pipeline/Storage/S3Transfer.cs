using Amazon.S3;
using Amazon.S3.Model;

namespace Folio.Pipeline;

/// <summary>
/// Moves whole documents between S3 and local files: a source downloaded before a run, the outputs
/// (<c>NAME.md</c>, <c>NAME.json</c>) uploaded after. Thread-safe; dispose to release the client when this owns it.
/// </summary>
public sealed class S3Transfer : IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;

    /// <summary>Uses an existing client; the caller keeps ownership.</summary>
    public S3Transfer(IAmazonS3 client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    private S3Transfer(IAmazonS3 client, bool ownsClient)
    {
        _client = client;
        _ownsClient = ownsClient;
    }

    /// <summary>Creates a transfer with its own client from <paramref name="options"/> (see <see cref="CreateClient"/>).</summary>
    public static S3Transfer Create(S3Options options) => new(CreateClient(options), ownsClient: true);

    /// <summary>
    /// A client with credentials and region from the standard AWS chain, plus the endpoint override and
    /// path-style addressing of <paramref name="options"/> when set.
    /// </summary>
    public static AmazonS3Client CreateClient(S3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl.ToString();
        }

        return new AmazonS3Client(config);
    }

    /// <summary>Downloads the object at <paramref name="source"/> to <paramref name="localPath"/> (replaced if present).</summary>
    /// <exception cref="FileNotFoundException">There is no such object (or no such bucket).</exception>
    /// <exception cref="AmazonS3Exception">S3 refused the request (access denied, …).</exception>
    public async Task DownloadAsync(S3Location source, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        try
        {
            using var response = await _client.GetObjectAsync(source.Bucket, source.Key, cancellationToken).ConfigureAwait(false);
            var file = new FileStream(localPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await response.ResponseStream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"{source} does not exist ({ex.ErrorCode ?? "not found"}).", source.ToString(), ex);
        }
    }

    /// <summary>Uploads <paramref name="localPath"/> to <paramref name="destination"/> (replacing any object there).</summary>
    /// <exception cref="AmazonS3Exception">S3 refused the request (no such bucket, access denied, …).</exception>
    public async Task UploadAsync(string localPath, S3Location destination, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        ArgumentNullException.ThrowIfNull(destination);
        var request = new PutObjectRequest
        {
            BucketName = destination.Bucket,
            Key = destination.Key,
            FilePath = localPath,
            ContentType = contentType ?? ContentTypeOf(localPath),
            // One signed body instead of aws-chunked streaming: outputs are small, and S3-compatible servers
            // such as s3rver 3.7 would store the chunk framing as the object's bytes.
            UseChunkEncoding = false,
        };
        await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads each of <paramref name="localPaths"/> under the prefix <paramref name="destination"/>, keeping
    /// its file name; returns the locations written, in order.
    /// </summary>
    public async Task<IReadOnlyList<S3Location>> UploadAllAsync(IEnumerable<string> localPaths, S3Location destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localPaths);
        ArgumentNullException.ThrowIfNull(destination);
        var written = new List<S3Location>();
        foreach (var path in localPaths)
        {
            var target = destination.Child(Path.GetFileName(path));
            await UploadAsync(path, target, null, cancellationToken).ConfigureAwait(false);
            written.Add(target);
        }

        return written;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".MD" => "text/markdown; charset=utf-8",
        ".JSON" => "application/json; charset=utf-8",
        ".PDF" => "application/pdf",
        _ => "application/octet-stream",
    };
}
