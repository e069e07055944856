namespace Folio.Documents;

/// <summary>
/// Splits PDFs into single-page PDFs with PDFsharp, so each page can travel as its own object.
/// Each call parses the whole PDF; to take many pages from one file use <see cref="PdfSplitter"/>.
/// </summary>
public static class PdfPages
{
    /// <summary>
    /// Copies one page (0-based) into a new one-page PDF. Resources the page uses (fonts, images) come
    /// with it; document-level things (outline, other pages, the source's encryption) do not.
    /// </summary>
    /// <exception cref="DocumentException">
    /// <see cref="DocumentErrorKind.PageOutOfRange"/>, <see cref="DocumentErrorKind.Encrypted"/> or
    /// <see cref="DocumentErrorKind.Undecodable"/>.
    /// </exception>
    public static byte[] ExtractPage(byte[] pdf, int pageIndex)
    {
        using var splitter = new PdfSplitter(pdf);
        return splitter.ExtractPage(pageIndex);
    }

    /// <summary>Counts the pages of a PDF (as PDFsharp reads it).</summary>
    /// <exception cref="DocumentException"><see cref="DocumentErrorKind.Encrypted"/> or <see cref="DocumentErrorKind.Undecodable"/>.</exception>
    public static int CountPages(byte[] pdf)
    {
        using var splitter = new PdfSplitter(pdf);
        return splitter.PageCount;
    }
}
