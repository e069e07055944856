using Folio.Documents;
using Folio.Ocr;
using Folio.Ocr.Detection;
using Folio.Ocr.Runtime;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;

namespace Folio.Testing;

/// <summary>The sample scan (samples/scanned-page.jpg at 150 dpi) and its text lines, widest first: read once per test run.</summary>
internal static class SamplePage
{
    private static readonly Lazy<(RasterImage Page, Quad[] Lines)> Loaded = new(() =>
    {
        using var document = DocumentOpener.Open(File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "scanned-page.jpg")), DocumentLimits.Default);
        var page = document.RenderPage(0, 150);
        using var detector = new Detector(new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 1 }), Path.Combine(RepoPaths.Models, ModelFiles.Detector), new DbSettings());
        return (page, [.. detector.Detect(page, 960).OrderByDescending(q => q.Width)]);
    });

    public static RasterImage Page => Loaded.Value.Page;

    /// <summary>The page's text lines, widest first.</summary>
    public static IReadOnlyList<Quad> Lines => Loaded.Value.Lines;

    /// <summary>The recognizer's input for the <paramref name="count"/> widest lines in a tensor <paramref name="width"/> wide.</summary>
    public static float[] LineBatch(int count, int width) => ModelInputs.LineBatch(Page, [.. Lines.Take(count)], width);
}
