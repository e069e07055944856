using Folio.Documents;
using Folio.Testing;

namespace Folio.Ocr.Tests;

/// <summary>A real page rendered at 150 dpi, scanned worse (<see cref="ScanDegradation"/>) and read twice, for tests of one setting.</summary>
internal static class DegradedPages
{
    /// <summary>
    /// CER against the page's text layer when read by an engine with <paramref name="without"/> and by <paramref name="engine"/>
    /// (the defaults, which have the setting on).
    /// </summary>
    public static (double Without, double With) Cer(OcrEngine engine, OcrEngineOptions without, string pdfPath, int pageNumber)
    {
        var (truth, textWithout, textWith) = Read(engine, without, pdfPath, pageNumber);
        return (TextMetrics.Cer(truth, textWithout), TextMetrics.Cer(truth, textWith));
    }

    /// <summary>The page's text layer, and the degraded scan's text read by an engine with <paramref name="without"/> and by <paramref name="engine"/>.</summary>
    public static (string Truth, string Without, string With) Read(OcrEngine engine, OcrEngineOptions without, string pdfPath, int pageNumber)
    {
        var pdf = File.ReadAllBytes(pdfPath);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var scan = ScanDegradation.Apply(document.RenderPage(pageNumber - 1, 150));
        using var other = new OcrEngine(without);
        return (PdfTextLayer.ReadText(pdf, pageNumber - 1),
            RealPageTests.PlainText(other.Recognize(scan, pageNumber, dpi: 150)),
            RealPageTests.PlainText(engine.Recognize(scan, pageNumber, dpi: 150)));
    }
}
