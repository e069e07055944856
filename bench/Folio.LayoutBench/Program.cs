using System.Diagnostics;
using System.Globalization;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Testing;

// Usage: folio-layout-bench PDF [first page=12] [born-digital pages=40] [OCR pages=3] [dpi=150]
//        folio-layout-bench --columns PDF [pages=6] [dpi=150]
//        folio-layout-bench --journals [page name filter] [dpi=150] [--no-degraded] [--text-layer]
var inv = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "--journals")
{
    var rest = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
    Folio.LayoutBench.JournalsBench.Run(rest.Count > 0 ? rest[0] : string.Empty, rest.Count > 1 ? int.Parse(rest[1], inv) : 150, !args.Contains("--no-degraded"), args.Contains("--text-layer"));
    return;
}

if (args.Length > 0 && args[0] == "--columns")
{
    Folio.LayoutBench.ColumnsBench.Run(args.Length > 1 ? args[1] : "/usr/share/R/doc/manual/R-intro.pdf", args.Length > 2 ? int.Parse(args[2], inv) : 6, args.Length > 3 ? int.Parse(args[3], inv) : 150);
    return;
}

var path = args.Length > 0 ? args[0] : "/usr/share/R/doc/manual/R-intro.pdf";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], inv) : fallback;
int first = Arg(1, 12), digitalPages = Arg(2, 40), ocrPages = Arg(3, 3), dpi = Arg(4, 150);
var pdf = File.ReadAllBytes(path);
using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
digitalPages = Math.Min(digitalPages, document.PageCount - first + 1);
ocrPages = Math.Min(ocrPages, digitalPages);

static string Plain(PageResult page) => string.Join(' ', page.Blocks.Select(b => b.Table is { } t ? string.Join(' ', t.Cells.Select(c => c.Text)) : b.Text));

// Born-digital: read the text layer, judge it, lay it out; one warm-up page first.
BornDigitalPage.Build(TextLayerReader.ReadPage(pdf, first - 1), first, dpi);
var clock = Stopwatch.StartNew();
var digital = new Dictionary<int, PageResult>();
var skipped = 0;
foreach (var (index, layer) in TextLayerReader.ReadPages(pdf, Enumerable.Range(first - 1, digitalPages)))
{
    if (!TextLayerJudge.Judge(layer.Stats).UseTextLayer)
    {
        skipped++;
        continue;
    }

    digital[index + 1] = BornDigitalPage.Build(layer, index + 1, dpi);
}

var digitalRate = digital.Count / clock.Elapsed.TotalSeconds;

// OCR: render and recognise the first pages of the same range.
using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = Environment.GetEnvironmentVariable("FOLIO_MODELS") ?? "models" });
engine.WarmUp();
clock.Restart();
var cers = new List<double>();
for (var n = first; n < first + ocrPages; n++)
{
    var page = engine.Recognize(document.RenderPage(n - 1, dpi), n, dpi: dpi);
    if (digital.TryGetValue(n, out var truth))
    {
        cers.Add(TextMetrics.Cer(Plain(truth), Plain(page)));
    }
}

var ocrRate = ocrPages / clock.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(inv, $"document      {Path.GetFileName(path)}, pages {first}-{first + digitalPages - 1}, {dpi} dpi, {engine.Info.Device.Provider}, {Environment.ProcessorCount} cores"));
Console.WriteLine(string.Create(inv, $"born-digital  {digital.Count} pages ({skipped} judged for OCR), {digitalRate:F1} pages/s"));
Console.WriteLine(string.Create(inv, $"OCR           {ocrPages} pages, {ocrRate:F3} pages/s"));
Console.WriteLine(string.Create(inv, $"ratio         {digitalRate / ocrRate:F0}x (goal >= 50x)"));
Console.WriteLine(string.Create(inv, $"agreement     OCR vs born-digital CER, median {(cers.Count > 0 ? cers.Order().ElementAt(cers.Count / 2) * 100 : double.NaN):F2} %, worst {(cers.Count > 0 ? cers.Max() * 100 : double.NaN):F2} %"));
