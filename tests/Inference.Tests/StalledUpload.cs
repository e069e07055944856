using System.Net;
using System.Net.Http.Headers;

namespace Folio.Inference.Tests;

/// <summary>
/// A request body that sends its first bytes, then waits until <see cref="Release"/> before sending the rest: a slow
/// uploader. The service takes a page slot once it has the first bytes and holds it while it waits for the rest, so
/// the test can hold slots for as long as it likes through the service's own code.
/// </summary>
internal sealed class StalledUpload : HttpContent
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _bytes;
    private readonly int _sendFirst;

    public StalledUpload(byte[] bytes, int sendFirst, string mediaType)
    {
        _bytes = bytes;
        _sendFirst = sendFirst;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    /// <summary>Lets the rest of the body go.</summary>
    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_bytes.AsMemory(0, _sendFirst));
        await stream.FlushAsync();
        await _release.Task;
        await stream.WriteAsync(_bytes.AsMemory(_sendFirst));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}
