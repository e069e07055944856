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
/// caller may reuse its array. Opening and rendering run under <see cref="NativeWatchdog"/>, within
/// <see cref="DocumentLimits.MaxParseTime"/> and <see cref="DocumentLimits.MaxRenderTime"/>: a call past its time is
/// abandoned, not stopped, so every native call holds a reference on the document handle (disposing the document
/// frees it after the last call ends) and takes the document's turn (poppler documents are not thread-safe) until it
/// ends, however long after its caller left.
/// </remarks>
internal sealed class PopplerDocument : IDocument
{
    private readonly SemaphoreSlim _turn = new(1, 1);
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

    /// <summary>Opens a PDF from memory; throws <see cref="DocumentException"/> (Encrypted, Undecodable, TooLarge, TooComplex).</summary>
    public static unsafe PopplerDocument Open(byte[] bytes, DocumentLimits limits, CancellationToken cancellationToken)
    {
        EnsureAvailable();
        cancellationToken.ThrowIfCancellationRequested();
        IntPtr gbytes;
        fixed (byte* data = bytes)
        {
            // Copied here, before the caller can get its array back: an abandoned open keeps only GLib's copy.
            gbytes = g_bytes_new((IntPtr)data, (nuint)bytes.Length);
        }

        var (handle, pageCount) = NativeWatchdog.Run(
            "PDF open",
            limits.MaxParseTime,
            () => OpenBytes(gbytes),
            () => new DocumentException(DocumentErrorKind.TooComplex, $"The PDF took longer than {limits.MaxParseTime.TotalSeconds:0.###} s to open; it is too complex to read."),
            opened => opened.Document.Dispose(),
            cancellationToken);
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
        DocumentException.ThrowIfPageOutOfRange(pageIndex, PageCount);
        return InTurn(document => WithPage(document, pageIndex, page =>
        {
            poppler_page_get_size(page, out var width, out var height);
            return new PageSize(width, height);
        }));
    }

    public RasterImage RenderPage(int pageIndex, int dpi, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        DocumentException.ThrowIfPageOutOfRange(pageIndex, PageCount);
        cancellationToken.ThrowIfCancellationRequested();
        var budget = _limits.MaxRenderTime;
        DocumentException Overrun() =>
            new(DocumentErrorKind.TooComplex, $"The page took longer than {budget.TotalSeconds:0.###} s to render at {dpi} dpi; it is too complex to read.");

        // The turn and a reference on the handle are taken here and given back by the render's thread when it ends.
        if (!_turn.Wait(budget, cancellationToken))
        {
            throw Overrun(); // an earlier render of this document, abandoned, still runs
        }

        var document = TakeReference();
        return NativeWatchdog.Run(
            "PDF page render",
            budget,
            () =>
            {
                try
                {
                    return WithPage(document, pageIndex, page =>
                    {
                        poppler_page_get_size(page, out var widthPoints, out var heightPoints);
                        var (width, height) = CheckSize(pageIndex, widthPoints, heightPoints, dpi);
                        return Render(page, width, height, dpi / 72.0);
                    });
                }
                finally
                {
                    GiveBack();
                }
            },
            Overrun,
            discard: null,
            cancellationToken);
    }

    /// <summary>Drops the document's reference; poppler's document is freed once no abandoned call still uses it.</summary>
    public void Dispose() => _document.Dispose();

    /// <summary>poppler's open, on the watchdog's thread; drops the caller's reference on <paramref name="gbytes"/>.</summary>
    private static (GObjectHandle Document, int PageCount) OpenBytes(IntPtr gbytes)
    {
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

        return document == IntPtr.Zero
            ? throw TakeError(error, "The PDF could not be opened")
            : (new GObjectHandle(document), poppler_document_get_n_pages(document));
    }

    /// <summary>A quick call on the caller's thread, in the document's turn.</summary>
    private T InTurn<T>(Func<IntPtr, T> call)
    {
        if (!_turn.Wait(_limits.MaxRenderTime))
        {
            throw new DocumentException(DocumentErrorKind.TooComplex, "An earlier page of this PDF is still rendering past its time; it is too complex to read.");
        }

        var document = TakeReference();
        try
        {
            return call(document);
        }
        finally
        {
            GiveBack();
        }
    }

    /// <summary>A reference on the handle for one call, with the turn already taken (given back if the document is disposed).</summary>
    private IntPtr TakeReference()
    {
        var added = false;
        try
        {
            _document.DangerousAddRef(ref added);
            return _document.DangerousGetHandle();
        }
        catch
        {
            if (added)
            {
                _document.DangerousRelease();
            }

            _turn.Release();
            throw;
        }
    }

    private void GiveBack()
    {
        _document.DangerousRelease();
        _turn.Release();
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

    /// <summary>Runs <paramref name="use"/> on a page of the document, in the caller's turn, and drops the page.</summary>
    private static T WithPage<T>(IntPtr document, int pageIndex, Func<IntPtr, T> use)
    {
        var page = poppler_document_get_page(document, pageIndex);
        if (page == IntPtr.Zero)
        {
            throw new DocumentException(DocumentErrorKind.Undecodable, $"Page {pageIndex} could not be loaded.");
        }

        try
        {
            return use(page);
        }
        finally
        {
            g_object_unref(page);
        }
    }
}
