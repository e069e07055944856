using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Folio.Pipeline.Tests;

/// <summary>PDF pages with known layout, drawn with PDFsharp in DejaVu Sans (US Letter, 612 × 792 pt).</summary>
internal static class GeneratedPdfs
{
    private static readonly Lock Gate = new();

    public static readonly string[] ColumnParagraphs =
    [
        "Alpha opens the left column with a sentence about reading order and how people follow the text of a page from the top.",
        "Bravo is the second paragraph of the left column and it continues the argument with more words to fill a few lines.",
        "Charlie starts the right column, which a reader only reaches after finishing every line of the left column first.",
        "Delta ends the right column with a short remark that closes the two column section of this generated test page.",
    ];

    public const string Closing = "Echo is a full width paragraph below both columns, read last of all on the page.";

    public static readonly string[][] TableCells =
    [
        ["Region", "Spring", "Summer", "Autumn"],
        ["North", "12", "15", "19"],
        ["South", "23", "28", "31"],
        ["East", "34", "37", "42"],
        ["West", "45", "48", "53"],
    ];

    public static readonly string[] ListItems =
    [
        "1. Open the document and check that every page is present before you start to read it closely.",
        "2. Mark the tables and figures.",
        "3. Write a short summary.",
    ];

    public static byte[] TwoColumns() => Build(1, (g, _) =>
    {
        Centered(g, "Reading Order Test", Font(24, true), 60);
        float[] x = [54, 324];
        for (var c = 0; c < 2; c++)
        {
            var y = 120.0;
            for (var p = 0; p < 2; p++)
            {
                y = Paragraph(g, ColumnParagraphs[(c * 2) + p], x[c], 234, y, Font(10)) + 10;
            }
        }

        Paragraph(g, Closing, 54, 504, 330, Font(10));
    });

    public static byte[] Table(bool rules) => Build(1, (g, _) =>
    {
        g.DrawString("Seasonal figures", Font(14, true), XBrushes.Black, 72, 72, XStringFormats.TopLeft);
        g.DrawString("The table below lists the counts per region.", Font(11), XBrushes.Black, 72, 104, XStringFormats.TopLeft);
        double[] x = [72, 200, 328, 456];
        for (var r = 0; r < TableCells.Length; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                g.DrawString(TableCells[r][c], Font(11, r == 0), XBrushes.Black, x[c] + 6, 146 + (r * 24), XStringFormats.TopLeft);
            }
        }

        if (rules)
        {
            for (var r = 0; r <= TableCells.Length; r++)
            {
                g.DrawLine(XPens.Black, 72, 140 + (r * 24), 584, 140 + (r * 24));
            }

            foreach (var edge in x.Append(584))
            {
                g.DrawLine(XPens.Black, edge, 140, edge, 140 + (TableCells.Length * 24));
            }
        }
    });

    public static byte[] NumberedList() => Build(1, (g, _) =>
    {
        g.DrawString("Follow these steps:", Font(11), XBrushes.Black, 72, 90, XStringFormats.TopLeft);
        var y = 120.0;
        foreach (var item in ListItems)
        {
            var marker = item[..3];
            g.DrawString(marker, Font(11), XBrushes.Black, 72, y, XStringFormats.TopLeft);
            y = Paragraph(g, item[3..], 90, 400, y, Font(11)) + 6;
        }
    });

    /// <summary>Three pages with a running header, a footer and a page number; the body of page 1 runs on into page 2.</summary>
    public static byte[] HeaderFooterPages() => Build(3, (g, page) =>
    {
        g.DrawString("Folio Test Report", Font(9), XBrushes.Black, 72, 30, XStringFormats.TopLeft);
        g.DrawString("Confidential draft", Font(9), XBrushes.Black, 72, 745, XStringFormats.TopLeft);
        Centered(g, (page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Font(9), 762);
        var body = page switch
        {
            0 => "The survey covered twelve sites over two seasons, and the measurements taken in the field were",
            1 => "consistent with the laboratory results for every sample that was sent in for analysis.",
            _ => "The last page holds the conclusions of the survey team.",
        };
        Paragraph(g, body, 72, 468, 100, Font(11));
    });

    /// <summary>A page rendered to an image and wrapped in a PDF with no text layer, as a scanner would.</summary>
    public static byte[] ImageOnly(byte[] png) => Build(1, (g, _) =>
    {
        using var stream = new MemoryStream(png);
        using var image = XImage.FromStream(stream);
        g.DrawImage(image, 0, 0, 612, 792);
    });

    private static byte[] Build(int pages, Action<XGraphics, int> draw)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(612);
            page.Height = XUnit.FromPoint(792);
            using var g = XGraphics.FromPdfPage(page);
            draw(g, i);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static XFont Font(double size, bool bold = false) => new("DejaVu Sans", size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    private static void Centered(XGraphics g, string text, XFont font, double y) =>
        g.DrawString(text, font, XBrushes.Black, (612 - g.MeasureString(text, font).Width) / 2, y, XStringFormats.TopLeft);

    /// <summary>Draws words left-aligned, wrapped at <paramref name="width"/>, 1.3 × the font size apart; returns the y below.</summary>
    private static double Paragraph(XGraphics g, string text, double x, double width, double y, XFont font)
    {
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (g.MeasureString(candidate, font).Width > width && line.Length > 0)
            {
                g.DrawString(line, font, XBrushes.Black, x, y, XStringFormats.TopLeft);
                y += font.Size * 1.3;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        g.DrawString(line, font, XBrushes.Black, x, y, XStringFormats.TopLeft);
        return y + (font.Size * 1.3);
    }

    private static void EnsureFonts()
    {
        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= new DejaVuFonts();
        }
    }

    private sealed class DejaVuFonts : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName) => File.ReadAllBytes($"/usr/share/fonts/truetype/dejavu/{faceName}.ttf");
    }
}
