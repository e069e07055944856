using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Folio.Pipeline.Tests;

/// <summary>Scanned-looking pages: images in a PDF, with or without an earlier OCR's invisible text.</summary>
internal static partial class GeneratedPdfs
{
    /// <summary>A page rendered to an image and wrapped in a PDF with no text layer, as a scanner would.</summary>
    public static byte[] ImageOnly(byte[] png) => Build(1, (g, _) =>
    {
        using var stream = new MemoryStream(png);
        using var image = XImage.FromStream(stream);
        g.DrawImage(image, 0, 0, 612, 792);
    });

    /// <summary>
    /// A scan that an earlier OCR run went over: the page image, and the words again as invisible text (render mode
    /// 3) where they sit. XGraphics cannot set the render mode, so <c>3 Tr</c> is written into the content stream
    /// after each <c>BT</c>.
    /// </summary>
    public static byte[] OcrdScan(byte[] png, IReadOnlyList<(string Text, double X, double Y)> words)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(612);
        page.Height = XUnit.FromPoint(792);
        using (var g = XGraphics.FromPdfPage(page))
        {
            using var stream = new MemoryStream(png);
            using var image = XImage.FromStream(stream);
            g.DrawImage(image, 0, 0, 612, 792);
            foreach (var (text, x, y) in words)
            {
                g.DrawString(text, Font(10), XBrushes.Black, x, y, XStringFormats.TopLeft);
            }
        }

        var content = page.Contents.CreateSingleContent();
        var operators = System.Text.Encoding.Latin1.GetString(content.Stream.Value);
        page.Contents.Elements.Clear();
        page.Contents.AppendContent().CreateStream(System.Text.Encoding.Latin1.GetBytes(operators.Replace("BT\n", "BT\n3 Tr\n", StringComparison.Ordinal)));
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
