using Amazon.S3;
using Amazon.S3.Model;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Folio.Pipeline;

/// <summary>Reads documents from and writes outputs to <see cref="DocumentLocation"/>s.</summary>
public interface ILocationStorage
{
    /// <summary>Opens an object for reading; null when it does not exist. The caller disposes the stream.</summary>
    /// <exception cref="InvalidOperationException">The location's kind of storage is not configured.</exception>
    Task<Stream?> OpenReadAsync(DocumentLocation location, CancellationToken cancellationToken = default);

    /// <summary>Writes (or replaces) an object from a seekable stream, recording <paramref name="writer"/> (a job id) in its metadata when given.</summary>
    /// <exception cref="InvalidOperationException">The location's kind of storage is not configured.</exception>
    Task WriteAsync(DocumentLocation location, Stream content, string contentType, string? writer = null, CancellationToken cancellationToken = default);

    /// <summary>Whether an object exists, and which job wrote it; null when there is none.</summary>
    /// <exception cref="InvalidOperationException">The location's kind of storage is not configured.</exception>
    Task<StoredObject?> FindAsync(DocumentLocation location, CancellationToken cancellationToken = default);
}

/// <summary>An object at a location.</summary>
/// <param name="Writer">The job that wrote it (<see cref="ILocationStorage.WriteAsync"/>'s writer), or null when it was written otherwise.</param>
public sealed record StoredObject(string? Writer);

/// <summary>
/// <see cref="ILocationStorage"/> over a Blob service client and an S3 client, either of which may be absent
/// (then its locations fail with a clear message). The policy of what may be read or written is the caller's
/// (<see cref="LocationPolicy"/>).
/// </summary>
public sealed class LocationStorage : ILocationStorage
{
    private readonly BlobServiceClient? _blobs;
    private readonly IAmazonS3? _s3;

    /// <summary>Creates the storage from its clients.</summary>
    public LocationStorage(BlobServiceClient? blobs, IAmazonS3? s3)
    {
        _blobs = blobs;
        _s3 = s3;
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(DocumentLocation location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.IsPrefix)
        {
            throw new ArgumentException($"{location} names a prefix, not a document.", nameof(location));
        }

        if (location.Scheme == LocationScheme.Blob)
        {
            try
            {
                var blob = Blobs(location).GetBlobContainerClient(location.Container).GetBlobClient(location.Key);
                return (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }

        try
        {
            var response = await S3(location).GetObjectAsync(location.Container, location.Key, cancellationToken).ConfigureAwait(false);
            return new OwningStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The metadata entry that names the job that wrote an object (x-amz-meta-folio-job on S3).</summary>
    public const string WriterMetadata = "folio-job";

    /// <inheritdoc />
    public async Task WriteAsync(DocumentLocation location, Stream content, string contentType, string? writer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(content);
        if (location.Scheme == LocationScheme.Blob)
        {
            var blob = Blobs(location).GetBlobContainerClient(location.Container).GetBlobClient(location.Key);
            var upload = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
            if (writer is not null)
            {
                upload.Metadata = new Dictionary<string, string> { [BlobWriterMetadata] = writer };
            }

            await blob.UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
            return;
        }

        var request = new PutObjectRequest
        {
            BucketName = location.Container,
            Key = location.Key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
            // One signed body, not aws-chunked framing, which some S3-compatible servers store as the object's bytes.
            UseChunkEncoding = false,
        };
        if (writer is not null)
        {
            request.Metadata.Add(WriterMetadata, writer);
        }

        await S3(location).PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredObject?> FindAsync(DocumentLocation location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Scheme == LocationScheme.Blob)
        {
            try
            {
                var properties = await Blobs(location).GetBlobContainerClient(location.Container).GetBlobClient(location.Key).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return new StoredObject(properties.Value.Metadata.TryGetValue(BlobWriterMetadata, out var job) ? job : null);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }

        try
        {
            var head = await S3(location).GetObjectMetadataAsync(location.Container, location.Key, cancellationToken).ConfigureAwait(false);
            return new StoredObject(head.Metadata[WriterMetadata] is { Length: > 0 } job ? job : null);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    // Blob metadata names are C# identifiers: no hyphen.
    private const string BlobWriterMetadata = "folio_job";

    private BlobServiceClient Blobs(DocumentLocation location) =>
        _blobs ?? throw new InvalidOperationException($"{location}: Blob Storage is not configured here.");

    private IAmazonS3 S3(DocumentLocation location) =>
        _s3 ?? throw new InvalidOperationException($"{location}: S3 is not configured here (set FOLIO_S3_ENDPOINT for an S3-compatible server, or the AWS region and credentials).");

    /// <summary>The S3 response stream, disposing the response with it.</summary>
    private sealed class OwningStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
