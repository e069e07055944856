using PdfSharp.Pdf;

namespace Folio.Testing;

/// <summary>PDFs made on the fly for tests.</summary>
internal static class TestPdfs
{
    /// <summary>A PDF of <paramref name="pages"/> empty pages, each a point wider than the one before.</summary>
    /// <remarks>Distinct pages, so that the page cache (keyed by page content) does not take one page for another.</remarks>
    public static byte[] Blank(int pages)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            var page = document.AddPage();
            page.Width = PdfSharp.Drawing.XUnit.FromPoint(595 + i);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}
