using System.Diagnostics;
using System.Globalization;
using Folio.Bench;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Pages.Imaging;
using Folio.Testing;

namespace Folio.LayoutBench;

/// <summary>
/// Reading order on real two-column journal pages (the sample PDFs of Debian's texlive-publishers-doc): each page
/// rendered at 150 dpi, clean and degraded (turned 0.6°, blurred, noisy), read by Folio's OCR and by Tesseract 5,
/// and read from its text layer by Folio's born-digital path; every result scored by order-aware CER against the
/// PDF's own text order (<see cref="PdfTextLayer.ReadText"/>: LaTeX writes running heads, then the columns in
/// order, then the feet).
/// </summary>
internal static class JournalsBench
{
    private const string Root = "/usr/share/doc/texlive-doc/latex/";

    /// <summary>
    /// The pages: set 1 is ACM, IEEE, ASME and AAS; set 2 eight other journal classes; set 3 thirteen classes the
    /// layout was never tuned on; set 4 first pages (title, authors, abstract) of classes of sets 1–3; set 5 fifteen pages of
    /// further classes, first and inner pages, added after the layout work on sets 1–4. Page numbers are 1-based.
    /// </summary>
    public static readonly (int Set, string Name, string Path, int Page)[] Pages =
    [
        (1, "acm sigconf p1", "acmart/samples/sample-sigconf.pdf", 1),
        (1, "acm sigconf p2", "acmart/samples/sample-sigconf.pdf", 2),
        (1, "acm sigconf p3", "acmart/samples/sample-sigconf.pdf", 3),
        (1, "acm sigconf p4", "acmart/samples/sample-sigconf.pdf", 4),
        (1, "ieee pes p2", "ieeepes/ieeepes_doc.pdf", 2),
        (1, "ieee pes p3", "ieeepes/ieeepes_doc.pdf", 3),
        (1, "asmeconf p2", "asmeconf/asmeconf-template.pdf", 2),
        (1, "aastex p4", "aastex/sample631.pdf", 4),
        (2, "elsarticle 5p p2", "elsarticle/elstest-5p.pdf", 2),
        (2, "revtex aps p2", "revtex/sample/aps/apssamp.pdf", 2),
        (2, "jacow p2", "jacow/JACoW_LaTeX_A4.pdf", 2),
        (2, "mnras p2", "mnras/mnras_guide.pdf", 2),
        (2, "mnras p3", "mnras/mnras_guide.pdf", 3),
        (2, "oup p2", "oup-authoring-template/oup-authoring-template.pdf", 2),
        (2, "quantum p2", "quantumarticle/quantum-template.pdf", 2),
        (2, "tugboat p2", "tugboat/ltubguid.pdf", 2),
        (2, "nrc p2", "nrc/userguide.pdf", 2),
        (3, "ieeeconf p2", "ieeeconf/IEEEconf.pdf", 2),
        (3, "aiaa p2", "aiaa/template_basic.pdf", 2),
        (3, "els cas dc p1", "els-cas-templates/doc/dc-sample.pdf", 1),
        (3, "jpsj p2", "jpsj/injpsj2.pdf", 2),
        (3, "asaetr p2", "asaetr/asaetr.pdf", 2),
        (3, "revtex aip p2", "revtex4-1/sample/aip/aipsamp.pdf", 2),
        (3, "acm sigplan p2", "acmart/samples/sample-sigplan.pdf", 2),
        (3, "asmejour p2", "asmejour/asmejour-template.pdf", 2),
        (3, "confproc p2", "confproc/example/papers/p_001.pdf", 2),
        (3, "imac p2", "imac/imac.pdf", 2),
        (3, "mucproc p2", "mucproc/mucproc.pdf", 2),
        (3, "opteng p2", "opteng/OptEngInstruct.pdf", 2),
        (3, "iag symp p2", "prociagssymp/TestprocIAGssymp.pdf", 2),
        (4, "acm sigplan p1", "acmart/samples/sample-sigplan.pdf", 1),
        (4, "acm acmtog p1", "acmart/samples/sample-acmtog.pdf", 1),
        (4, "ieee pes p1", "ieeepes/ieeepes_doc.pdf", 1),
        (4, "asmeconf p1", "asmeconf/asmeconf-template.pdf", 1),
        (4, "elsarticle 5p p1", "elsarticle/elstest-5p.pdf", 1),
        (4, "revtex aps p1", "revtex/sample/aps/apssamp.pdf", 1),
        (4, "mnras p1", "mnras/mnras_guide.pdf", 1),
        (4, "jacow p1", "jacow/JACoW_LaTeX_A4.pdf", 1),
        (4, "quantum p1", "quantumarticle/quantum-template.pdf", 1),
        (4, "revtex aip p1", "revtex4-1/sample/aip/aipsamp.pdf", 1),
        (4, "asmejour p1", "asmejour/asmejour-template.pdf", 1),
        (5, "anon acm p2", "anonymous-acm/anonymous-acm.pdf", 2),
        (5, "cmpj p1", "cmpj/template.pdf", 1),
        (5, "cmpj p2", "cmpj/template.pdf", 2),
        (5, "ejpecp p2", "ejpecp/sample.pdf", 2),
        (5, "elbioimp p1", "elbioimp/elbioimp.pdf", 1),
        (5, "elbioimp p2", "elbioimp/elbioimp.pdf", 2),
        (5, "icsv p2", "icsv/icsv.pdf", 2),
        (5, "pracjourn p2", "pracjourn/pjsample.pdf", 2),
        (5, "prtec p1", "prtec/PRTEC19-template.pdf", 1),
        (5, "prtec p2", "prtec/PRTEC19-template.pdf", 2),
        (5, "sageep p2", "sageep/sageep.pdf", 2),
        (5, "sageep sample p1", "sageep/sample.pdf", 1),
        (5, "spie p2", "spie/article.pdf", 2),
        (5, "lni p2", "lni/lni.pdf", 2),
        (5, "iscram p2", "iscram/iscram-class-doc.pdf", 2),
    ];

    public static void Run(string filter, int dpi, bool degraded, bool textLayerOnly)
    {
        var inv = CultureInfo.InvariantCulture;
        var show = Environment.GetEnvironmentVariable("FOLIO_BENCH_SHOW") == "1";
        var pages = Pages.Where(p => File.Exists(Root + p.Path) && (filter.Length == 0 || filter.Split('|').Any(f => p.Name.Contains(f, StringComparison.OrdinalIgnoreCase) || f == $"set{p.Set}"))).ToList();
        if (pages.Count == 0)
        {
            Console.Error.WriteLine("bench: no journal pages (apt-get install texlive-publishers-doc)");
            return;
        }

        var engineLabel = Environment.GetEnvironmentVariable("FOLIO_BENCH_ENGINE") is { Length: > 0 } l ? l : "folio";
        using var engine = textLayerOnly ? null : new OcrEngine(Folio.AccuracyBench.EngineSettings.EngineOptions(engineLabel, Environment.GetEnvironmentVariable("FOLIO_MODELS") ?? "models"));
        engine?.WarmUp();
        var temp = Directory.CreateTempSubdirectory("folio-journals-").FullName;
        var rows = new List<(int Set, double[] Cer)>();
        var columns = new[] { "Folio OCR", "Tesseract", "Folio degr.", "Tess. degr.", "text layer" };
        Console.WriteLine(string.Create(inv, $"{"page",-18} {string.Join(' ', columns.Select(c => $"{c,11}"))}"));
        foreach (var (set, name, path, pageNumber) in pages)
        {
            var pdf = File.ReadAllBytes(Root + path);
            var truth = Score(PdfTextLayer.ReadText(pdf, pageNumber - 1));
            var cer = Enumerable.Repeat(double.NaN, columns.Length).ToArray();
            var layer = BornDigitalPage.Build(TextLayerReader.ReadPage(pdf, pageNumber - 1), pageNumber, dpi);
            cer[4] = TextMetrics.Cer(truth, Score(Plain(layer)));
            if (show)
            {
                Console.WriteLine($"TRUTH     {TextMetrics.Collapse(truth)}\nLAYER     {Blocks(layer)}");
            }

            if (Environment.GetEnvironmentVariable("FOLIO_BENCH_DUMP") is { Length: > 0 } dump)
            {
                Directory.CreateDirectory(dump);
                File.WriteAllText(Path.Combine(dump, name.Replace(' ', '-') + ".truth.txt"), truth);
                File.WriteAllText(Path.Combine(dump, name.Replace(' ', '-') + ".layer.txt"), TextMetrics.Collapse(Plain(layer)));
            }

            if (engine is not null)
            {
                using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
                var raster = document.RenderPage(pageNumber - 1, dpi);
                var variants = degraded ? new[] { raster, ScanDegradation.Apply(raster) } : [raster];
                for (var v = 0; v < variants.Length; v++)
                {
                    var page = engine.Recognize(variants[v], pageNumber, dpi: dpi);
                    var png = Path.Combine(temp, $"page-{v}.png");
                    File.WriteAllBytes(png, Png.Encode(variants[v]));
                    var tesseract = Tesseract.Read(png);
                    cer[2 * v] = TextMetrics.Cer(truth, Score(Plain(page)));
                    cer[(2 * v) + 1] = TextMetrics.Cer(truth, Score(tesseract));
                    if (Environment.GetEnvironmentVariable("FOLIO_BENCH_DUMP") is { Length: > 0 } folioDump)
                    {
                        File.WriteAllText(Path.Combine(folioDump, name.Replace(' ', '-') + $".folio{v}.txt"), Score(Plain(page)));
                        File.WriteAllText(Path.Combine(folioDump, name.Replace(' ', '-') + $".tesseract{v}.txt"), Score(tesseract));
                        File.Copy(png, Path.Combine(folioDump, name.Replace(' ', '-') + $".page{v}.png"), overwrite: true);
                    }

                    if (show)
                    {
                        Console.WriteLine($"FOLIO{v}    {Blocks(page)}\nTESS{v}     {TextMetrics.Collapse(tesseract)}");
                    }
                }
            }

            rows.Add((set, cer));
            Console.WriteLine(string.Create(inv, $"{name,-18} {string.Join(' ', cer.Select(c => double.IsNaN(c) ? $"{"-",11}" : $"{c * 100,9:F2} %"))}"));
        }

        Directory.Delete(temp, recursive: true);
        foreach (var (label, selected) in new[] { ("median set 1", rows.Where(r => r.Set == 1)), ("median set 2", rows.Where(r => r.Set == 2)), ("median set 3", rows.Where(r => r.Set == 3)), ("median set 4", rows.Where(r => r.Set == 4)), ("median set 5", rows.Where(r => r.Set == 5)), ("median sets 1-2", rows.Where(r => r.Set < 3)), ("median all", rows) })
        {
            var list = selected.ToList();
            if (list.Count == 0)
            {
                continue;
            }

            var medians = Enumerable.Range(0, columns.Length).Select(c => Median(list.Select(r => r.Cer[c]).Where(x => !double.IsNaN(x)).ToList()));
            Console.WriteLine(string.Create(inv, $"{label,-18} {string.Join(' ', medians.Select(c => double.IsNaN(c) ? $"{"-",11}" : $"{c * 100,9:F2} %"))}"));
        }

        Console.WriteLine(string.Create(inv, $"journals      {pages.Count} pages of texlive-publishers-doc samples, {dpi} dpi, engine {(textLayerOnly ? "-" : engineLabel)}, order-aware CER against PdfTextLayer.ReadText, 1 thread each, {Environment.ProcessorCount} cores"));
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN
        : values.Count % 2 == 1 ? values.Order().ElementAt(values.Count / 2) : values.Order().Skip((values.Count / 2) - 1).Take(2).Average();

    /// <summary>
    /// Text for scoring: whitespace collapsed, and words broken at a line end joined ("ital- icized" → "italicized"),
    /// in the truth and in every engine's reading alike, since Folio joins them and the text layer keeps them.
    /// </summary>
    internal static string Score(string text) => System.Text.RegularExpressions.Regex.Replace(TextMetrics.Collapse(text), @"(\p{Ll})- (\p{Ll})", "$1$2");

    /// <summary>Block texts in order, furniture included (the truth has it); tables as their cells row by row.</summary>
    internal static string Plain(PageResult page) =>
        string.Join(' ', page.Blocks.OrderBy(b => b.Order).Select(b => b.Table is { } t ? string.Join(' ', t.Cells.OrderBy(c => c.Row).ThenBy(c => c.Column).Select(c => c.Text)) : b.Text));

    private static string Blocks(PageResult page) => string.Join("\n          ", page.Blocks.OrderBy(b => b.Order).Select(b => (Environment.GetEnvironmentVariable("FOLIO_BENCH_BOXES") == "1" ? $"({b.Bbox.Left:F0},{b.Bbox.Top:F0},{b.Bbox.Right:F0},{b.Bbox.Bottom:F0} of {page.Width}x{page.Height}) " : "") + $"[{b.Kind}] {TextMetrics.Collapse(b.Table is null ? b.Text : Plain(new PageResult { PageNumber = 1, Width = 1, Height = 1, Dpi = 1, Status = PageStatus.Succeeded, Blocks = [b] }))}"));
}
