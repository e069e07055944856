using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Folio.Pipeline.Tests;

/// <summary>PDF pages with known layout, drawn with PDFsharp in DejaVu Sans (US Letter, 612 × 792 pt).</summary>
internal static partial class GeneratedPdfs
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

    /// <summary>Two paragraphs per column of <see cref="ThreeColumns"/>, in reading order.</summary>
    public static readonly string[] ThreeColumnParagraphs =
    [
        "Foxtrot opens the first of three narrow columns with a few plain words about the order of reading.",
        "Golf follows in the first column and says that the second column waits until this one is done.",
        "Hotel begins the middle column, which is read only after every line of the first column.",
        "India closes the middle column with a remark about the gutters that separate the columns.",
        "Juliet starts the third column on the right side of the page, the last one to be read here.",
        "Kilo ends the third column and with it the whole generated page of three narrow columns.",
    ];

    /// <summary>The title, then one paragraph per column of the two-column section, then of the three-column section.</summary>
    public static readonly string[] SectionParagraphs =
    [
        "Sections of Columns",
        "Lima fills the left column of the upper section with a paragraph that wraps over several lines of text.",
        "Mike fills the right column of the upper section, read after the left column and before the lower section.",
        "November opens the lower section in the first of its three columns with a short paragraph.",
        "Oscar sits in the middle column of the lower section and is read after the first column.",
        "Papa is the last paragraph, in the right column of the lower section, read at the very end.",
    ];

    public static readonly string[][] TableCells =
    [
        ["Region", "Spring", "Summer", "Autumn"],
        ["North", "12", "15", "19"],
        ["South", "23", "28", "31"],
        ["East", "34", "37", "42"],
        ["West", "45", "48", "53"],
    ];

    /// <summary>Cells of <see cref="WrappedTable"/>: the first column's cells after the header wrap onto two lines (split at '|').</summary>
    public static readonly string[][] WrappedCells =
    [
        ["Item", "Count", "Price", "Origin"],
        ["Red apples|from the hills", "12", "3.40", "Kent"],
        ["Green pears|picked in May", "30", "2.10", "Essex"],
        ["Small plums|for the jam", "45", "5.25", "Devon"],
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

    /// <summary>A title over three columns of two paragraphs each (<see cref="ThreeColumnParagraphs"/>).</summary>
    public static byte[] ThreeColumns() => Build(1, (g, _) =>
    {
        Centered(g, "Three Column Test", Font(24, true), 60);
        for (var c = 0; c < 3; c++)
        {
            var y = 120.0;
            for (var p = 0; p < 2; p++)
            {
                y = Paragraph(g, ThreeColumnParagraphs[(c * 2) + p], 54 + (c * 174), 156, y, Font(10)) + 10;
            }
        }
    });

    /// <summary>A full-width title, a two-column section, then a three-column section (<see cref="SectionParagraphs"/>).</summary>
    public static byte[] MixedColumns() => Build(1, (g, _) =>
    {
        Centered(g, SectionParagraphs[0], Font(24, true), 60);
        var bottom = 0.0;
        for (var c = 0; c < 2; c++)
        {
            bottom = Math.Max(bottom, Paragraph(g, SectionParagraphs[1 + c], 54 + (c * 270), 234, 120, Font(10)));
        }

        for (var c = 0; c < 3; c++)
        {
            Paragraph(g, SectionParagraphs[3 + c], 54 + (c * 174), 156, bottom + 24, Font(10));
        }
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

    /// <summary>A 4 × 4 table whose first-column cells wrap onto two lines; with rules, every row is ruled and spacing is even.</summary>
    public static byte[] WrappedTable(bool rules) => Build(1, (g, _) =>
    {
        g.DrawString("Seasonal fruit stock", Font(14, true), XBrushes.Black, 72, 72, XStringFormats.TopLeft);
        g.DrawString("The table below lists the fruit in store.", Font(11), XBrushes.Black, 72, 104, XStringFormats.TopLeft);
        double[] x = [72, 200, 328, 456];
        var y = 146.0;
        var edges = new List<double> { y - 6 };
        for (var r = 0; r < WrappedCells.Length; r++)
        {
            var lines = 1;
            for (var c = 0; c < 4; c++)
            {
                var parts = WrappedCells[r][c].Split('|');
                lines = Math.Max(lines, parts.Length);
                for (var k = 0; k < parts.Length; k++)
                {
                    g.DrawString(parts[k], Font(11, r == 0), XBrushes.Black, x[c] + 6, y + (k * 14), XStringFormats.TopLeft);
                }
            }

            y += (lines * 14) + (rules ? 0 : 12);
            edges.Add(y - 1);
            y += rules ? 6 : 0;
        }

        if (rules)
        {
            foreach (var edge in edges)
            {
                g.DrawLine(XPens.Black, 72, edge, 584, edge);
            }

            foreach (var edge in x.Append(584))
            {
                g.DrawLine(XPens.Black, edge, edges[0], edge, edges[^1]);
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

    /// <summary>
    /// Sets the tests' font resolver, once per process and before PDFsharp uses any font: DejaVu Sans for the pages
    /// drawn here, the searchable PDF's own fonts for its text layer. Tests that write a searchable PDF call it first,
    /// since PDFsharp's resolver cannot change once a font was used.
    /// </summary>
    internal static void EnsureFonts()
    {
        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= new DejaVuFonts();
        }
    }

    private sealed class DejaVuFonts : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            familyName.StartsWith(TextLayerFonts.FamilyPrefix, StringComparison.Ordinal)
                ? TextLayerFonts.Resolver.ResolveTypeface(familyName, bold, italic)
                : new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName) =>
            faceName.StartsWith(TextLayerFonts.FamilyPrefix, StringComparison.Ordinal)
                ? TextLayerFonts.Resolver.GetFont(faceName)
                : File.ReadAllBytes($"/usr/share/fonts/truetype/dejavu/{faceName}.ttf");
    }
}
