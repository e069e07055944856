using System.Security.Cryptography;
using Folio.Documents;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Pipeline.Tests;

/// <summary>A source over the size limit fails its job with the reason before it is read into memory, and running out of memory is a failure, not a fault to retry.</summary>
public sealed class LargeSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("folio-large-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_source_over_the_limit_fails_as_too_large_without_being_read()
    {
        var inner = new LocalFolderStore(_root);
        var pdf = GeneratedPdfs.TwoColumns();
        var job = DocumentJob.Create(SHA256.HashData(pdf), "scan.pdf", JobRequest.Defaults, sourceKey: "incoming/scan.pdf");
        await inner.PutBytesAsync("incoming/scan.pdf", pdf);
        var store = new CountingStore(inner);
        var limits = new DocumentLimits { MaxBytes = pdf.Length / 4 };
        var prepare = new PrepareDocumentActivity(store, Options.Create(limits), NullLogger<PrepareDocumentActivity>.Instance);

        var failure = await Assert.ThrowsAsync<DocumentException>(() => prepare.RunAsync(null!, job));

        Assert.Equal(DocumentErrorKind.TooLarge, failure.Kind);
        Assert.Contains($"limit is {limits.MaxBytes:N0}", failure.Message, StringComparison.Ordinal);
        Assert.True(store.BytesRead <= limits.MaxBytes, $"{store.BytesRead:N0} bytes were read for a limit of {limits.MaxBytes:N0}.");
        Assert.False(await inner.ExistsAsync(WorkKeys.Manifest(job.JobId)));
    }

    [Fact]
    public async Task A_source_of_unknown_length_is_read_up_to_the_limit_only()
    {
        var bytes = new byte[1_000_000];
        var store = new CountingStore(new LocalFolderStore(_root)) { HideLength = true };
        await store.PutBytesAsync("big", bytes);

        var failure = await Assert.ThrowsAsync<DocumentException>(() => store.GetBytesAsync("big", maxBytes: 100_000));

        Assert.Equal(DocumentErrorKind.TooLarge, failure.Kind);
        Assert.True(store.BytesRead <= 100_000 + 81_920, $"{store.BytesRead:N0} bytes were read.");
        Assert.Equal(bytes.Length, (await store.GetBytesAsync("big", maxBytes: bytes.Length)).Length);
    }

    [Theory]
    [InlineData(typeof(OutOfMemoryException))]
    [InlineData(typeof(InsufficientMemoryException))]
    public void Running_out_of_memory_is_not_retried(Type error) =>
        Assert.False(RetryPolicies.IsTransient(new TaskFailureDetails(error.FullName!, "Insufficient memory to continue the execution of the program.", null, null, null)));

    /// <summary>A store that counts the bytes read from it, and can hide the length of what it returns.</summary>
    private sealed class CountingStore(IWorkStore inner) : IWorkStore
    {
        private long _read;

        public bool HideLength { get; init; }

        public long BytesRead => Interlocked.Read(ref _read);

        public Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken cancellationToken = default) => inner.PutAsync(key, content, contentType, cancellationToken);

        public Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken = default) => inner.TryCreateAsync(key, cancellationToken);

        public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
            await inner.OpenReadAsync(key, cancellationToken).ConfigureAwait(false) is { } stream ? new Counting(stream, this) : null;

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public IAsyncEnumerable<StoredItem> ListItemsAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListItemsAsync(prefix, cancellationToken);

        private sealed class Counting(Stream inner, CountingStore owner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => !owner.HideLength && inner.CanSeek;

            public override bool CanWrite => false;

            public override long Length => CanSeek ? inner.Length : throw new NotSupportedException();

            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = inner.Read(buffer, offset, count);
                Interlocked.Add(ref owner._read, n);
                return n;
            }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref owner._read, n);
                return n;
            }

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
                }

                base.Dispose(disposing);
            }
        }
    }
}
