using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Folio.Documents;

/// <summary>Reads a PDF's embedded text layer with PdfPig: the ground truth for OCR accuracy tests.</summary>
public static class PdfTextLayer
{
    /// <summary>
    /// The words of one page (0-based) in the order the PDF draws them (<see cref="ContentWords"/>: its own
    /// reading order, column after column, not re-sorted by position), boxed in points with a top-left origin on
    /// the page as displayed (crop box and /Rotate applied), which matches the rasters
    /// <see cref="IDocument.RenderPage"/> produces.
    /// </summary>
    /// <remarks>
    /// PdfPig already maps glyphs into the displayed, cropped page (bottom-left origin, and
    /// <c>page.Width</c>/<c>page.Height</c> swapped for 90° and 270°), so only the y axis is flipped here.
    /// Horizontal words span from 0.8 of their type size above the baseline to 0.2 below it.
    /// Words that are only whitespace are dropped.
    /// </remarks>
    /// <exception cref="DocumentException">
    /// <see cref="DocumentErrorKind.PageOutOfRange"/>, <see cref="DocumentErrorKind.Encrypted"/> or
    /// <see cref="DocumentErrorKind.Undecodable"/>.
    /// </exception>
    public static IReadOnlyList<TextLayerWord> ReadWords(byte[] pdf, int pageIndex)
    {
        return WithPage(pdf, pageIndex, page => ContentWords.Read(page.Letters, page.Height));
    }

    /// <summary>The page's words joined by single spaces, in content order (not <c>page.Text</c>, which has no spaces).</summary>
    /// <exception cref="DocumentException">As <see cref="ReadWords"/>.</exception>
    public static string ReadText(byte[] pdf, int pageIndex) =>
        string.Join(' ', ReadWords(pdf, pageIndex).Select(word => word.Text));

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
