using PdfSharp.Pdf;

namespace Folio.Testing;

/// <summary>PDFs made on the fly for tests.</summary>
internal static class TestPdfs
{
    /// <summary>A PDF of <paramref name="pages"/> empty pages.</summary>
    public static byte[] Blank(int pages)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            document.AddPage();
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}
