using Folio.Documents;
using Folio.Ocr.Imaging;
using SkiaSharp;

namespace Folio.Pipeline;

/// <summary>Cuts a document into one object per page: single-page PDFs, or PNG for TIFF frames.</summary>
internal static class PageSplitter
{
    /// <summary>Yields single-page PDFs of the given 1-based pages, parsing the source once.</summary>
    public static IEnumerable<(int Page, byte[] Bytes)> SplitPdf(byte[] pdf, IReadOnlyList<int> pages)
    {
        using var splitter = new PdfSplitter(pdf);
        foreach (var page in pages)
        {
            yield return (page, splitter.ExtractPage(page - 1));
        }
    }

    /// <summary>Encodes a raster (BGRA, opaque) as PNG.</summary>
    public static byte[] EncodePng(RasterImage raster)
    {
        var info = new SKImageInfo(raster.Width, raster.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, raster.Bgra.AsSpan(), raster.Stride)
            ?? throw new DocumentException(DocumentErrorKind.Undecodable, "A TIFF frame could not be converted.");
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
