using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Folio.Documents;

/// <summary>Reads a PDF's embedded text layer with PdfPig: the ground truth for OCR accuracy tests.</summary>
public static class PdfTextLayer
{
    /// <summary>
    /// The words of one page (0-based) from PdfPig's default word extractor, in its order, boxed in
    /// points with a top-left origin on the page as displayed (crop box and /Rotate applied), which
    /// matches the rasters <see cref="IDocument.RenderPage"/> produces.
    /// </summary>
    /// <remarks>
    /// PdfPig already maps glyphs into the displayed, cropped page (bottom-left origin, and
    /// <c>page.Width</c>/<c>page.Height</c> swapped for 90° and 270°), so only the y axis is flipped here.
    /// On pages turned by 90° or 270° its default extractor returns single letters rather than words.
    /// Words that are only whitespace are dropped.
    /// </remarks>
    /// <exception cref="DocumentException">
    /// <see cref="DocumentErrorKind.PageOutOfRange"/>, <see cref="DocumentErrorKind.Encrypted"/> or
    /// <see cref="DocumentErrorKind.Undecodable"/>.
    /// </exception>
    public static IReadOnlyList<TextLayerWord> ReadWords(byte[] pdf, int pageIndex)
    {
        return WithPage(pdf, pageIndex, page =>
        {
            var words = new List<TextLayerWord>();
            foreach (var word in page.GetWords())
            {
                if (!string.IsNullOrWhiteSpace(word.Text))
                {
                    words.Add(ToTopLeft(word.Text, word.BoundingBox, page.Height));
                }
            }

            return words;
        });
    }

    /// <summary>The page's words joined by single spaces, in PdfPig's order (not <c>page.Text</c>, which has no spaces).</summary>
    /// <exception cref="DocumentException">As <see cref="ReadWords"/>.</exception>
    public static string ReadText(byte[] pdf, int pageIndex) =>
        string.Join(' ', ReadWords(pdf, pageIndex).Select(word => word.Text));

    private static TextLayerWord ToTopLeft(string text, PdfRectangle box, double pageHeight)
    {
        // Rotated glyph boxes have their corners in any order: take the axis-aligned bounds.
        var left = Math.Min(Math.Min(box.BottomLeft.X, box.BottomRight.X), Math.Min(box.TopLeft.X, box.TopRight.X));
        var right = Math.Max(Math.Max(box.BottomLeft.X, box.BottomRight.X), Math.Max(box.TopLeft.X, box.TopRight.X));
        var bottom = Math.Min(Math.Min(box.BottomLeft.Y, box.BottomRight.Y), Math.Min(box.TopLeft.Y, box.TopRight.Y));
        var top = Math.Max(Math.Max(box.BottomLeft.Y, box.BottomRight.Y), Math.Max(box.TopLeft.Y, box.TopRight.Y));
        return new TextLayerWord(text, left, pageHeight - top, right, pageHeight - bottom);
    }

    private static T WithPage<T>(byte[] pdf, int pageIndex, Func<Page, T> read)
    {
        try
        {
            using var document = PdfDocument.Open(pdf);
            DocumentException.ThrowIfPageOutOfRange(pageIndex, document.NumberOfPages);
            return read(document.GetPage(pageIndex + 1));
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentException(DocumentErrorKind.Encrypted, "The PDF is password-protected.", ex);
        }
        catch (Exception ex) when (ex is not DocumentException and not OutOfMemoryException)
        {
            throw new DocumentException(DocumentErrorKind.Undecodable, $"The PDF text layer could not be read: {ex.Message}", ex);
        }
    }
}
