using System.Diagnostics;
using Folio.Pages;

namespace Folio.Documents;

/// <summary>
/// Bytes and a 1-based page number in, the rendered page out: every reader of a page's pixels (the inference
/// service's endpoints, the in-process recogniser) gets its raster and result shell here. The number is the page's
/// number in its document; the upload may start at another page (a page stored on its own starts at its own number).
/// </summary>
public static class PageReader
{
    /// <summary>Opens the bytes, finds the page and renders it (PDF pages at <paramref name="dpi"/>, images as they are).</summary>
    /// <param name="bytes">An image or a PDF.</param>
    /// <param name="pageNumber">1-based number of the page in its document.</param>
    /// <param name="dpi">Render resolution of PDF pages.</param>
    /// <param name="limits">Bounds applied when opening.</param>
    /// <param name="firstPageNumber">Number of the first page of <paramref name="bytes"/> in its document (default 1: the whole document).</param>
    /// <param name="cancellationToken">Stops waiting for poppler (opening, rendering); see <see cref="NativeWatchdog"/>.</param>
    /// <exception cref="DocumentException">
    /// As <see cref="DocumentOpener.Open"/> and <see cref="IDocument.RenderPage"/>; <see cref="DocumentErrorKind.PageOutOfRange"/>
    /// for a page the bytes do not hold.
    /// </exception>
    public static RenderedPage Read(byte[] bytes, int pageNumber, int dpi, DocumentLimits limits, int firstPageNumber = 1, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var document = DocumentOpener.Open(bytes, limits, cancellationToken);
        var position = pageNumber - firstPageNumber;
        if (pageNumber < 1 || position < 0 || position >= document.PageCount)
        {
            throw new DocumentException(DocumentErrorKind.PageOutOfRange, firstPageNumber == 1
                ? $"Page {pageNumber} was asked for; the document has {document.PageCount}."
                : $"Page {pageNumber} was asked for; the upload holds pages {firstPageNumber} to {firstPageNumber + document.PageCount - 1}.");
        }

        var raster = document.RenderPage(position, dpi, cancellationToken);
        var timings = new Dictionary<string, double> { ["render"] = Math.Round(clock.Elapsed.TotalMilliseconds, 2) };
        return RenderedPage.Of(raster, pageNumber, document.Type == DocumentType.Pdf ? dpi : null, timings) with { SourcePageCount = document.PageCount };
    }
}
