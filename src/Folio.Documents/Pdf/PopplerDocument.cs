using Folio.Pages.Imaging;
using static Folio.Documents.Pdf.PopplerNative;

namespace Folio.Documents.Pdf;

/// <summary>
/// A PDF rendered by poppler-glib into cairo image surfaces, one page at a time.
/// </summary>
/// <remarks>
/// The bytes are handed to poppler as a GBytes made with <c>g_bytes_new</c>, which copies them into
/// GLib memory; poppler keeps its own reference for the document's lifetime. That avoids both a
/// managed buffer pinned for as long as the document lives (<c>poppler_document_new_from_data</c>
/// does not copy) and a temporary file to clean up (<c>poppler_document_new_from_file</c>), and the
/// caller may reuse its array. Poppler documents are not thread-safe: every call takes a per-document lock.
/// </remarks>
internal sealed class PopplerDocument : IDocument
{
    private readonly Lock _gate = new();
    private readonly GObjectHandle _document;
    private readonly DocumentLimits _limits;

    private PopplerDocument(GObjectHandle document, int pageCount, DocumentLimits limits)
    {
        _document = document;
        PageCount = pageCount;
        _limits = limits;
    }

    public DocumentType Type => DocumentType.Pdf;

    public int PageCount { get; }

    /// <summary>Opens a PDF from memory; throws <see cref="DocumentException"/> (Encrypted, Undecodable, TooLarge).</summary>
    public static unsafe PopplerDocument Open(byte[] bytes, DocumentLimits limits)
    {
        EnsureAvailable();
        IntPtr gbytes;
        fixed (byte* data = bytes)
        {
            gbytes = g_bytes_new((IntPtr)data, (nuint)bytes.Length);
        }

        IntPtr document;
        IntPtr error;
        try
        {
            document = poppler_document_new_from_bytes(gbytes, null, out error);
        }
        finally
        {
            g_bytes_unref(gbytes); // the document holds its own reference
        }

        if (document == IntPtr.Zero)
        {
            throw TakeError(error, "The PDF could not be opened");
        }

        var handle = new GObjectHandle(document);
        var pageCount = poppler_document_get_n_pages(document);
        if (pageCount <= 0 || pageCount > limits.MaxPages)
        {
            handle.Dispose();
            throw pageCount <= 0
                ? new DocumentException(DocumentErrorKind.Undecodable, "The PDF has no pages.")
                : new DocumentException(DocumentErrorKind.TooLarge, $"The PDF has {pageCount} pages; the limit is {limits.MaxPages}.");
        }

        return new PopplerDocument(handle, pageCount, limits);
    }

    public PageSize GetPageSize(int pageIndex)
    {
        lock (_gate)
        {
            var page = GetPage(pageIndex);
            try
            {
                poppler_page_get_size(page, out var width, out var height);
                return new PageSize(width, height);
            }
            finally
            {
                g_object_unref(page);
            }
        }
    }

    public RasterImage RenderPage(int pageIndex, int dpi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        lock (_gate)
        {
            var page = GetPage(pageIndex);
            try
            {
                poppler_page_get_size(page, out var widthPoints, out var heightPoints);
                var (width, height) = CheckSize(pageIndex, widthPoints, heightPoints, dpi);
                return Render(page, width, height, dpi / 72.0);
            }
            finally
            {
                g_object_unref(page);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _document.Dispose();
        }
    }

    /// <summary>The bomb check: page sides and the raster's pixel count, before any surface is allocated.</summary>
    private (int Width, int Height) CheckSize(int pageIndex, double widthPoints, double heightPoints, int dpi)
    {
        if (!(widthPoints > 0 && heightPoints > 0) || double.IsInfinity(widthPoints) || double.IsInfinity(heightPoints))
        {
            throw new DocumentException(DocumentErrorKind.Undecodable, $"Page {pageIndex} has no usable size ({widthPoints}×{heightPoints} pt).");
        }

        if (Math.Max(widthPoints, heightPoints) > _limits.MaxPageSidePoints)
        {
            throw new DocumentException(
                DocumentErrorKind.TooLarge,
                $"Page {pageIndex} is {widthPoints:0.#}×{heightPoints:0.#} pt; the longest side allowed is {_limits.MaxPageSidePoints:0.#} pt.");
        }

        var (width, height) = new PageSize(widthPoints, heightPoints).ToPixels(dpi);
        var pixels = (long)width * height;
        if (pixels > _limits.MaxPixels || width > CairoMaxSide || height > CairoMaxSide)
        {
            throw new DocumentException(
                DocumentErrorKind.TooLarge,
                $"Page {pageIndex} at {dpi} dpi would be {width}×{height} = {pixels:N0} pixels; the limit is {_limits.MaxPixels:N0} pixels and {CairoMaxSide} per side.");
        }

        return (width, height);
    }

    /// <summary>Renders on white into an ARGB32 surface and copies the rows into a packed BGRA buffer.</summary>
    private static unsafe RasterImage Render(IntPtr page, int width, int height, double scale)
    {
        var surface = cairo_image_surface_create(CairoFormatArgb32, width, height);
        try
        {
            var status = cairo_surface_status(surface);
            if (status != 0)
            {
                throw new InvalidOperationException($"cairo could not create a {width}×{height} surface (cairo status {status}).");
            }

            var cairo = cairo_create(surface);
            try
            {
                cairo_set_source_rgb(cairo, 1, 1, 1);
                cairo_paint(cairo);
                cairo_scale(cairo, scale, scale);
                poppler_page_render(page, cairo);
                status = cairo_status(cairo);
                if (status != 0)
                {
                    throw new DocumentException(DocumentErrorKind.Undecodable, $"Rendering failed (cairo status {status}).");
                }
            }
            finally
            {
                cairo_destroy(cairo);
            }

            cairo_surface_flush(surface);
            var source = (byte*)cairo_image_surface_get_data(surface);
            var stride = cairo_image_surface_get_stride(surface);
            var rowBytes = width * RasterImage.Channels;
            var pixels = new byte[(long)rowBytes * height];
            fixed (byte* target = pixels)
            {
                // The surface is opaque (painted white first), so premultiplied equals straight alpha.
                for (var y = 0; y < height; y++)
                {
                    Buffer.MemoryCopy(source + ((long)y * stride), target + ((long)y * rowBytes), rowBytes, rowBytes);
                }
            }

            return new RasterImage(width, height, pixels);
        }
        finally
        {
            cairo_surface_destroy(surface);
        }
    }

    /// <summary>Gets a page reference (the caller unrefs it); must be called under the lock.</summary>
    private IntPtr GetPage(int pageIndex)
    {
        ObjectDisposedException.ThrowIf(_document.IsClosed, this);
        DocumentException.ThrowIfPageOutOfRange(pageIndex, PageCount);
        var page = poppler_document_get_page(_document.DangerousGetHandle(), pageIndex);
        return page != IntPtr.Zero
            ? page
            : throw new DocumentException(DocumentErrorKind.Undecodable, $"Page {pageIndex} could not be loaded.");
    }
}
