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
        var pdf = File.ReadAllBytes(pdfPath);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var scan = ScanDegradation.Apply(document.RenderPage(pageNumber - 1, 150));
        var truth = PdfTextLayer.ReadText(pdf, pageNumber - 1);
        using var other = new OcrEngine(without);
        return (TextMetrics.Cer(truth, RealPageTests.PlainText(other.Recognize(scan, pageNumber, dpi: 150))),
            TextMetrics.Cer(truth, RealPageTests.PlainText(engine.Recognize(scan, pageNumber, dpi: 150))));
    }
}
