using Folio.Documents.Images;
using Folio.Documents.Pdf;

namespace Folio.Documents;

/// <summary>Opens uploaded bytes as an <see cref="IDocument"/>, choosing the decoder by sniffing, never by file name.</summary>
public static class DocumentOpener
{
    /// <summary>
    /// Sniffs the format and opens the document. Image headers (and every TIFF frame's header) are
    /// checked against <see cref="DocumentLimits.MaxPixels"/> before any pixels are decoded; single
    /// images are decoded here, TIFF frames and PDF pages when rendered. PDF pages are checked against
    /// the side and pixel limits by <see cref="IDocument.RenderPage"/> before rendering.
    /// </summary>
    /// <param name="bytes">The whole file. The document does not keep this array's contents alive or pinned; it may be reused.</param>
    /// <param name="limits">Bounds to enforce; <see cref="DocumentLimits.Default"/> if unsure.</param>
    /// <param name="cancellationToken">Stops waiting for poppler to open a PDF (it runs on to its end on its own thread).</param>
    /// <exception cref="DocumentException">
    /// <see cref="DocumentErrorKind.UnsupportedType"/> for unknown formats (including empty input),
    /// <see cref="DocumentErrorKind.TooLarge"/> over a limit, <see cref="DocumentErrorKind.Undecodable"/>
    /// for damaged files, <see cref="DocumentErrorKind.Encrypted"/> for password-protected PDFs,
    /// <see cref="DocumentErrorKind.TooComplex"/> for a PDF that takes longer than <see cref="DocumentLimits.MaxParseTime"/> to open.
    /// </exception>
    /// <exception cref="DllNotFoundException">A PDF was given and poppler-glib or cairo is not installed.</exception>
    public static IDocument Open(byte[] bytes, DocumentLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.LongLength > limits.MaxBytes)
        {
            throw new DocumentException(DocumentErrorKind.TooLarge, $"The upload is {bytes.LongLength:N0} bytes; the limit is {limits.MaxBytes:N0}.");
        }

        var type = DocumentTypeSniffer.Detect(bytes);
        return type switch
        {
            DocumentType.Pdf => PopplerDocument.Open(bytes, limits, cancellationToken),
            DocumentType.Tiff => TiffDocument.Open(bytes, limits),
            DocumentType.Png or DocumentType.Jpeg or DocumentType.Bmp or DocumentType.WebP or DocumentType.Gif =>
                new SingleImageDocument(type, SkiaImageDecoder.Decode(bytes, type, limits)),
            _ => throw new DocumentException(
                DocumentErrorKind.UnsupportedType,
                bytes.Length == 0 ? "The upload is empty." : "The bytes are not a PDF, PNG, JPEG, BMP, WebP, TIFF or GIF file."),
        };
    }
}
