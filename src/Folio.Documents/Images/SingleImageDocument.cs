using Folio.Pages.Imaging;

namespace Folio.Documents.Images;

/// <summary>A one-page document over an image decoded when it was opened.</summary>
internal sealed class SingleImageDocument : IDocument
{
    private readonly RasterImage _image;

    public SingleImageDocument(DocumentType type, RasterImage image)
    {
        Type = type;
        _image = image;
    }

    public DocumentType Type { get; }

    public int PageCount => 1;

    public PageSize GetPageSize(int pageIndex)
    {
        DocumentException.ThrowIfPageOutOfRange(pageIndex, PageCount);
        return new PageSize(_image.Width, _image.Height);
    }

    /// <summary>Returns a copy of the decoded pixels, so callers may modify their raster freely; dpi is ignored.</summary>
    public RasterImage RenderPage(int pageIndex, int dpi, CancellationToken cancellationToken = default)
    {
        DocumentException.ThrowIfPageOutOfRange(pageIndex, PageCount);
        return new RasterImage(_image.Width, _image.Height, (byte[])_image.Bgra.Clone());
    }

    public void Dispose()
    {
        // Managed pixels only.
    }
}
