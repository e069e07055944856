using System.Diagnostics;
using System.Globalization;
using Folio.Bench;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Testing;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Folio.LayoutBench;

/// <summary>
/// Reading order across columns, Folio against Tesseract: real paragraphs (the R manual's text layer) typeset in
/// two and three columns under a full-width title, rendered, read by both, and scored by CER against the text
/// in column order — a column read in the wrong place costs its whole length twice, so the score is order-aware.
/// </summary>
internal static class ColumnsBench
{
    public static void Run(string pdfPath, int pages, int dpi)
    {
        var inv = CultureInfo.InvariantCulture;
        GlobalFontSettings.FontResolver ??= new DejaVuFonts();
        var paragraphs = RealParagraphs(File.ReadAllBytes(pdfPath)).ToList();
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = Environment.GetEnvironmentVariable("FOLIO_MODELS") ?? "models", IntraOpThreads = 1 });
        engine.WarmUp();
        var folioCer = new List<double>();
        var tesseractCer = new List<double>();
        double folioSeconds = 0, tesseractSeconds = 0;
        var temp = Directory.CreateTempSubdirectory("folio-columns-").FullName;
        for (var n = 0; n < pages; n++)
        {
            var columns = 2 + (n % 2);
            var (pdf, truth) = Typeset(paragraphs.Skip(n * 6).Take(9).ToList(), columns, $"Section {n + 1}: Notes on R");
            using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
            var raster = document.RenderPage(0, dpi);
            var clock = Stopwatch.StartNew();
            var page = engine.Recognize(raster, 1, dpi: dpi);
            folioSeconds += clock.Elapsed.TotalSeconds;
            var png = Path.Combine(temp, $"page{n + 1}.png");
            File.WriteAllBytes(png, Png.Encode(raster));
            clock.Restart();
            var tesseract = Tesseract.Read(png);
            tesseractSeconds += clock.Elapsed.TotalSeconds;
            var folioText = string.Join(' ', page.Blocks.OrderBy(b => b.Order).Select(b => b.Text));
            folioCer.Add(TextMetrics.Cer(truth, folioText));
            if (Environment.GetEnvironmentVariable("FOLIO_BENCH_SHOW") == "1")
            {
                Console.WriteLine($"TRUTH     {TextMetrics.Collapse(truth)}\nFOLIO     {TextMetrics.Collapse(folioText)}\nTESSERACT {TextMetrics.Collapse(tesseract)}");
            }

            tesseractCer.Add(TextMetrics.Cer(truth, tesseract));
            Console.WriteLine(string.Create(inv, $"page {n + 1} ({columns} columns)  Folio {folioCer[^1] * 100,6:F2} %   Tesseract {tesseractCer[^1] * 100,6:F2} %"));
        }

        Directory.Delete(temp, recursive: true);
        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2) * 100;
        Console.WriteLine(string.Create(inv, $"columns       {pages} pages typeset from {Path.GetFileName(pdfPath)}'s text, {dpi} dpi, 1 thread each, {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(inv, $"Folio         order-aware CER median {Median(folioCer):F2} %, worst {folioCer.Max() * 100:F2} %, {pages / folioSeconds:F3} pages/s"));
        Console.WriteLine(string.Create(inv, $"Tesseract 5   order-aware CER median {Median(tesseractCer):F2} %, worst {tesseractCer.Max() * 100:F2} %, {pages / tesseractSeconds:F3} pages/s"));
    }

    /// <summary>Paragraph blocks of 25 to 90 words from the text layer of pages 12 on.</summary>
    private static IEnumerable<string> RealParagraphs(byte[] pdf) =>
        TextLayerReader.ReadPages(pdf, Enumerable.Range(11, 40))
            .SelectMany(p => BornDigitalPage.Build(p.Page, p.PageIndex + 1, 150).Blocks)
            .Where(b => b.Kind == "paragraph")
            .Select(b => b.Text.Replace('\n', ' '))
            .Where(t => t.Split(' ').Length is >= 25 and <= 90 && t.All(c => c < 128));

    /// <summary>A US Letter page: the title across the top, then the paragraphs flowed down the columns; the truth is what was drawn, in reading order.</summary>
    private static (byte[] Pdf, string Truth) Typeset(List<string> paragraphs, int columns, string title)
    {
        using var document = new PdfDocument();
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(612);
        page.Height = XUnit.FromPoint(792);
        var drawn = new List<string> { title };
        using (var g = XGraphics.FromPdfPage(page))
        {
            g.DrawString(title, new XFont("DejaVu Sans", 16, XFontStyleEx.Bold), XBrushes.Black, new XRect(0, 60, 612, 24), XStringFormats.TopCenter);
            var body = new XFont("DejaVu Sans", 9);
            const double gutter = 18;
            var width = (612 - 108 - (gutter * (columns - 1))) / columns;
            int column = 0;
            double y = 110;
            foreach (var text in paragraphs)
            {
                var lines = Wrap(g, text, width, body);
                if (y + (lines.Count * 12) > 740)
                {
                    if (++column == columns)
                    {
                        break;
                    }

                    y = 110;
                }

                var x = 54 + (column * (width + gutter));
                foreach (var line in lines)
                {
                    g.DrawString(line, body, XBrushes.Black, x, y, XStringFormats.TopLeft);
                    y += 12;
                }

                y += 8;
                drawn.Add(text);
            }
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return (output.ToArray(), string.Join(' ', drawn));
    }

    private static List<string> Wrap(XGraphics g, string text, double width, XFont font)
    {
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (g.MeasureString(candidate, font).Width > width && line.Length > 0)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return lines;
    }

    private sealed class DejaVuFonts : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName) => File.ReadAllBytes($"/usr/share/fonts/truetype/dejavu/{faceName}.ttf");
    }
}
