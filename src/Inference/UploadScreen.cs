using Folio.Documents;

namespace Folio.Inference;

/// <summary>
/// The checks that cost next to nothing, made before a page slot is taken, so that bad input gets its 4xx even while
/// every slot is busy (a 429 would tell the client to send the same bytes again): the declared length against the
/// limit, then the first bytes, which must exist and be a format the decoders read (sniffed as
/// <see cref="DocumentOpener"/> does). Only those first bytes are read here; the rest is read once a slot is held.
/// </summary>
internal static class UploadScreen
{
    /// <summary>Reads and checks the start of the body: the upload to finish reading, or the problem to answer.</summary>
    public static async Task<(Upload? Upload, ServiceProblem? Problem)> ScreenAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, ServiceProblem.TooLarge(maxBytes));
        }

        var head = new byte[DocumentTypeSniffer.HeaderLength];
        var length = 0;
        int read;
        while (length < head.Length && (read = await request.Body.ReadAsync(head.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length == 0)
        {
            return (null, ServiceProblem.Empty());
        }

        return DocumentTypeSniffer.Detect(head.AsSpan(0, length)) == DocumentType.Unknown
            ? (null, ServiceProblem.NotADocument())
            : (new Upload(request.Body, head, length), null);
    }
}
