using Folio.Pages.Imaging;

namespace Folio.Documents;

/// <summary>
/// An opened document: a PDF, a multi-page TIFF or a single image. Page indexes are 0-based.
/// Implementations serialise calls internally, so one instance may be shared between threads,
/// but its pages are rendered one at a time.
/// </summary>
public interface IDocument : IDisposable
{
    /// <summary>The format, as sniffed from the bytes.</summary>
    DocumentType Type { get; }

    /// <summary>Number of pages: PDF pages, TIFF frames, or 1 for other images.</summary>
    int PageCount { get; }

    /// <summary>The size of a page; for images, the pixel size (a pixel counts as a point).</summary>
    /// <exception cref="DocumentException">Kind <see cref="DocumentErrorKind.PageOutOfRange"/> for a bad index.</exception>
    PageSize GetPageSize(int pageIndex);

    /// <summary>
    /// Renders one page to a BGRA raster on a white background. PDF pages are rendered at
    /// <paramref name="dpi"/>; images ignore it and return their own pixels.
    /// </summary>
    /// <param name="pageIndex">0-based page index.</param>
    /// <param name="dpi">Render resolution of PDF pages.</param>
    /// <param name="cancellationToken">
    /// Stops waiting for a PDF render (<see cref="OperationCanceledException"/>); the render itself runs on to its end
    /// (<see cref="NativeWatchdog"/>).
    /// </param>
    /// <exception cref="DocumentException">
    /// <see cref="DocumentErrorKind.TooLarge"/> when the raster would exceed the limits,
    /// <see cref="DocumentErrorKind.TooComplex"/> when a PDF page takes longer than <see cref="DocumentLimits.MaxRenderTime"/>,
    /// <see cref="DocumentErrorKind.Undecodable"/> when the page cannot be decoded,
    /// <see cref="DocumentErrorKind.PageOutOfRange"/> for a bad index.
    /// </exception>
    RasterImage RenderPage(int pageIndex, int dpi, CancellationToken cancellationToken = default);
}
