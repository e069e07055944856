using System.Diagnostics;
using Folio.Bench;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;

namespace Folio.AccuracyBench;

/// <summary>What one reader returned for one image, and how long the whole batch took.</summary>
internal sealed record ReadBatch(string Reader, string Condition, string[] Texts, double Seconds)
{
    /// <summary>Processor seconds the batch used (this process and the processes it waited for): unlike wall time, not inflated by other work on the machine.</summary>
    public double CpuSeconds { get; init; }
}

/// <summary>Processor time of this process plus that of its finished child processes (Tesseract), in seconds.</summary>
internal static class CpuClock
{
    public static double Now()
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        // /proc/self/stat fields 16 and 17: cutime and cstime, waited-for children's times in clock ticks (100 a second).
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return own + ((long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture)) / 100.0);
    }
}

/// <summary>The readers, each timed over a whole batch of images read in parallel.</summary>
internal static class Readers
{
    public const string TesseractName = "tesseract";
    public const string BornDigitalName = "folio-text-layer";
    public const string BornDigitalCondition = "pdf";

    // FOLIO_BENCH_STAGES=1 prints each Folio page's stage times (detect, classify, recognize, layout).
    private static readonly bool ShowStages = Environment.GetEnvironmentVariable("FOLIO_BENCH_STAGES") == "1";

    /// <summary>Tesseract 5 on the image files, one single-threaded process per core.</summary>
    public static ReadBatch ReadWithTesseract(string condition, IReadOnlyList<string> imagePaths)
    {
        var texts = new string[imagePaths.Count];
        var cpu = CpuClock.Now();
        var clock = Stopwatch.StartNew();
        Parallel.For(0, imagePaths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            texts[i] = Tesseract.Read(imagePaths[i]);
        });
        return new ReadBatch(TesseractName, condition, texts, clock.Elapsed.TotalSeconds) { CpuSeconds = CpuClock.Now() - cpu };
    }

    /// <summary>Folio's engine in-process on the same image bytes, one page per core at a time, decoding included.</summary>
    public static ReadBatch ReadWithFolio(string label, OcrEngine engine, string condition, IReadOnlyList<PageImage> images)
    {
        var texts = new string[images.Count];
        var cpu = CpuClock.Now();
        var clock = Stopwatch.StartNew();
        Parallel.For(0, images.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            using var document = DocumentOpener.Open(images[i].Bytes, DocumentLimits.Default);
            var page = engine.Recognize(document.RenderPage(0, images[i].Dpi), i + 1, dpi: images[i].Dpi);
            texts[i] = TextOf(page);
            if (ShowStages && page.Provenance?.TimingsMs is { } timings)
            {
                Console.WriteLine($"stages    {label} {condition} page {i + 1}: " + string.Join(", ", timings.Select(t => $"{t.Key} {t.Value:F0} ms")));
            }
        });
        return new ReadBatch(label, condition, texts, clock.Elapsed.TotalSeconds) { CpuSeconds = CpuClock.Now() - cpu };
    }

    /// <summary>Folio's born-digital path: the PDF's text layer through the layout stage, no image, one page after another.</summary>
    public static ReadBatch ReadBornDigital(IReadOnlyList<SourcePage> pages)
    {
        var texts = new string[pages.Count];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pages.Count; i++)
        {
            var layer = TextLayerReader.ReadPage(PdfCache.Bytes(pages[i].PdfPath), pages[i].PageIndex);
            texts[i] = TextOf(BornDigitalPage.Build(layer, pages[i].PageIndex + 1, PageImages.CleanDpi));
        }

        return new ReadBatch(BornDigitalName, BornDigitalCondition, texts, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The blocks' text in reading order, one block a line; a table contributes its cells' text, row by row.</summary>
    public static string TextOf(PageResult page) => string.Join('\n', page.Blocks.OrderBy(b => b.Order).Select(b =>
        b.Table is { } table
            ? string.Join(' ', table.Cells.OrderBy(c => c.Row).ThenBy(c => c.Column).Select(c => c.Text))
            : b.Text));
}
