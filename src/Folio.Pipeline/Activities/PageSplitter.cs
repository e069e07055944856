using Folio.Documents;
using Folio.Ocr.Imaging;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using SkiaSharp;

namespace Folio.Pipeline;

/// <summary>Cuts a document into one object per page: single-page PDFs, or PNG for TIFF frames.</summary>
internal static class PageSplitter
{
    /// <summary>
    /// Yields single-page PDFs of the given 1-based pages, opening the source once (PdfPages.ExtractPage
    /// reopens the whole file per page, which is quadratic for a 2,000-page document).
    /// </summary>
    public static IEnumerable<(int Page, byte[] Bytes)> SplitPdf(byte[] pdf, IReadOnlyList<int> pages)
    {
        PdfDocument source;
        var input = new MemoryStream(pdf, writable: false);
        try
        {
            source = PdfReader.Open(input, PdfDocumentOpenMode.Import, args => args.Abort = true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            input.Dispose();
            throw new DocumentException(DocumentErrorKind.Undecodable, $"The PDF could not be read: {ex.Message}", ex);
        }

        using (input)
        using (source)
        {
            foreach (var page in pages)
            {
                byte[] bytes;
                try
                {
                    using var target = new PdfDocument();
                    target.AddPage(source.Pages[page - 1]);
                    using var output = new MemoryStream();
                    target.Save(output, closeStream: false);
                    bytes = output.ToArray();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new DocumentException(DocumentErrorKind.Undecodable, $"Page {page} of the PDF could not be copied: {ex.Message}", ex);
                }

                yield return (page, bytes);
            }
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
