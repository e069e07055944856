using Folio.Documents;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>The engine on real pages: rendered from a born-digital PDF whose text layer is the ground truth.</summary>
public sealed class RealPageTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    // Pages of R-intro.pdf (1-based): prose, code, footnotes, headings. Tables of contents, printed tables and figures with labels (pages 3, 27, 45) need the layout stage: reading order there differs from the text layer.
    public static TheoryData<int> Pages => new() { 12, 16, 20, 33 };

    [RealPdfTheory]
    [MemberData(nameof(Pages))]
    public void Character_error_rate_against_the_text_layer_is_at_most_two_percent(int pageNumber)
    {
        var pdf = File.ReadAllBytes(RepoPaths.RealPdf!);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var page = fixture.Engine.Recognize(document.RenderPage(pageNumber - 1, 150), pageNumber, dpi: 150);
        var truth = PdfTextLayer.ReadText(pdf, pageNumber - 1);
        var text = string.Join(' ', page.Blocks.Select(b => b.Text));
        var cer = TextMetrics.Cer(truth, text);
        output.WriteLine($"page {pageNumber}: CER {TextMetrics.Percent(cer)}; {page.Blocks.Count} blocks; {string.Join(", ", page.Provenance!.TimingsMs.Select(t => $"{t.Key} {t.Value} ms"))}");
        output.WriteLine(text);
        Assert.True(cer <= 0.02, $"CER {TextMetrics.Percent(cer)} on page {pageNumber}");
    }

    [RealPdfFact]
    public void Batched_recognition_returns_the_same_lines_in_the_same_order_as_one_by_one()
    {
        var pdf = File.ReadAllBytes(RepoPaths.RealPdf!);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var raster = document.RenderPage(19, 100);
        using var single = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, RecognitionBatchSize = 1, LoadOrientationClassifier = false });
        var oneByOne = single.Recognize(raster, 1).Blocks.SelectMany(b => b.Lines).ToList();
        using var batchedEngine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, RecognitionBatchSize = 5, LoadOrientationClassifier = false });
        var batched = batchedEngine.Recognize(raster, 1).Blocks.SelectMany(b => b.Lines).ToList();
        Assert.True(oneByOne.Count > 20, $"only {oneByOne.Count} lines");
        Assert.Equal(oneByOne.Select(l => l.Polygon[0]), batched.Select(l => l.Polygon[0]));
        // Padding to the batch width may change a character here and there, never the order.
        var cer = TextMetrics.Cer(string.Join('\n', oneByOne.Select(l => l.Text)), string.Join('\n', batched.Select(l => l.Text)));
        Assert.True(cer < 0.01, $"batched and single differ by {TextMetrics.Percent(cer)}");
    }
}

/// <summary>One engine for the test class: loading the models is the expensive part.</summary>
public sealed class EngineFixture : IDisposable
{
    public OcrEngine Engine { get; } = new(new OcrEngineOptions { ModelDirectory = RepoPaths.Models });

    public void Dispose() => Engine.Dispose();
}
