using System.Diagnostics;
using Folio.Contracts;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Documents.Tests;

/// <summary>Born-digital pages: the text layer read through the layout stage agrees with pdftotext, in order.</summary>
public sealed class BornDigitalTests(ITestOutputHelper output)
{
    public static TheoryData<int> Pages => new() { 3, 12, 16, 20, 27, 33 };

    [RealPdfTheory]
    [MemberData(nameof(Pages))]
    public void Text_layer_reading_order_agrees_with_pdftotext_within_one_percent(int pageNumber)
    {
        if (!File.Exists("/usr/bin/pdftotext"))
        {
            return;
        }

        var pdf = File.ReadAllBytes(RepoPaths.RealPdf!);
        var clock = Stopwatch.StartNew();
        var page = BornDigitalPage.Build(TextLayerReader.ReadPage(pdf, pageNumber - 1), pageNumber, 150);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var truth = PdfToText(RepoPaths.RealPdf!, pageNumber);
        var text = PlainText(page);
        var cer = TextMetrics.Cer(truth, text);
        output.WriteLine($"page {pageNumber}: CER {TextMetrics.Percent(cer)}, {page.Blocks.Count} blocks, {elapsed:F0} ms");
        foreach (var block in page.Blocks)
        {
            output.WriteLine($"[{block.Kind}{(block.Level is { } l ? " " + l : "")}] {block.Text}");
        }

        Assert.Equal("textLayer", page.Provenance!.Source);
        Assert.True(cer <= 0.01, $"CER {TextMetrics.Percent(cer)} on page {pageNumber}");
    }

    /// <summary>Block texts in order, tables as their cells row by row (no Markdown pipes).</summary>
    internal static string PlainText(PageResult page) => string.Join(' ', page.Blocks.Select(b =>
        b.Table is { } t ? string.Join(' ', t.Cells.OrderBy(c => c.Row).ThenBy(c => c.Column).Select(c => c.Text)) : b.Text));

    internal static string PdfToText(string path, int page)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-f", $"{page}", "-l", $"{page}", "-enc", "UTF-8", path, "-"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}

/// <summary>The text-layer judge on counts.</summary>
public sealed class TextLayerJudgeTests
{
    [Theory]
    [InlineData(0, 0, 0, 0, 0, 0.0, 0.0, false, "no text layer")]
    [InlineData(2000, 0, 0, 0, 0, 0.2, 0.0, true, "text layer")]
    [InlineData(2000, 150, 0, 0, 0, 0.2, 0.0, false, "glyphs without characters: 7.5%")]
    [InlineData(2000, 0, 120, 0, 0, 0.2, 0.0, false, "glyphs without characters: 6.0%")]
    [InlineData(2000, 0, 0, 30, 0, 0.2, 0.0, false, "glyphs without characters: 7.5%")]
    [InlineData(2000, 0, 0, 0, 1900, 0.2, 0.95, false, "invisible text over a scan (earlier OCR)")]
    [InlineData(12, 0, 0, 0, 0, 0.001, 0.9, false, "image page with little text")]
    [InlineData(2000, 0, 0, 0, 0, 0.2, 0.6, true, "text layer")]
    public void Pages_are_judged_by_their_counts(int letters, int unmapped, int privateUse, int cid, int invisible, double text, double image, bool use, string reason)
    {
        var verdict = TextLayerJudge.Judge(new TextLayerStats(letters, unmapped, privateUse, cid, invisible, text, image));
        Assert.Equal((use, reason), (verdict.UseTextLayer, verdict.Reason));
    }

    [Fact]
    public void An_already_ocr_d_scan_is_accepted_when_configured() =>
        Assert.True(TextLayerJudge.Judge(new TextLayerStats(2000, 0, 0, 0, 1900, 0.2, 0.95), acceptInvisibleText: true).UseTextLayer);
}
