using Folio.Contracts;
using Folio.Documents;
using SkiaSharp;

namespace Folio.Pipeline.Tests;

/// <summary>An already-OCR'd scan: a page image with invisible text over it, read or OCR'd as the job says.</summary>
public sealed class OcrdScanTests
{
    [Fact]
    public void Invisible_text_over_a_scan_is_used_only_when_the_job_accepts_an_ocr_text_layer()
    {
        var scan = GeneratedPdfs.OcrdScan(ScanPng(), [("Alpha", 54, 120), ("opens", 90, 120), ("the", 125, 120), ("left", 145, 120), ("column", 170, 120)]);
        var layer = TextLayerReader.ReadPage(scan, 0);
        Assert.Equal(layer.Stats.Letters, layer.Stats.Invisible);
        Assert.True(layer.Stats.ImageCoverage >= 0.99, $"image coverage {layer.Stats.ImageCoverage}");
        Assert.Equal(["Alpha", "opens", "the", "left", "column"], layer.Words.Select(w => w.Text));

        Assert.Equal(new TextLayerVerdict(false, "invisible text over a scan (earlier OCR)"), TextLayerJudge.Judge(layer.Stats));
        Assert.True(TextLayerJudge.Judge(layer.Stats, acceptInvisibleText: true).UseTextLayer);

        DocumentJob Job(bool accept) => new() { JobId = "j", SourceKey = "s", AcceptOcrTextLayer = accept };
        Assert.False(TextLayerTriage.Judge(scan, [1], Job(false))[1].UseTextLayer);
        Assert.True(TextLayerTriage.Judge(scan, [1], Job(true))[1].UseTextLayer);
        var page = BornDigitalPage.Build(layer, 1, 150);
        Assert.Equal("Alpha opens the left column", Assert.Single(page.Blocks).Text);
    }

    [Fact]
    public void Figures_are_image_placeholders_numbered_on_their_page_and_captions_plain_text()
    {
        Block Make(string kind, int order, string text = "") => new() { Kind = kind, Order = order, Text = text, Bbox = default };
        var page = new PageResult { PageNumber = 3, Width = 100, Height = 100, Blocks = [Make("figure", 0), Make("paragraph", 1, "x"), Make("figure", 2), Make("caption", 3, "Figure 2: Sales.")] };
        Assert.Equal("![Figure](#page-3-figure-2)", MarkdownBlocks.Render(page.Blocks[2], "", page));
        Assert.Equal("![Figure](#page-3-figure-1)", MarkdownBlocks.Render(page.Blocks[0], "", page));
        Assert.Equal("Figure 2: Sales.", MarkdownBlocks.Render(page.Blocks[3], page.Blocks[3].Text, page));
    }

    /// <summary>A grey, speckled page image with dark strokes where the words are, as a scanner gives.</summary>
    private static byte[] ScanPng()
    {
        using var bitmap = new SKBitmap(612, 792);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(236, 234, 228));
            using var paint = new SKPaint { Color = new SKColor(40, 40, 40) };
            canvas.DrawRect(54, 122, 160, 8, paint);
            var random = new Random(5);
            for (var i = 0; i < 2000; i++)
            {
                canvas.DrawPoint(random.Next(612), random.Next(792), new SKColor(200, 200, 200));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
