using System.Diagnostics;
using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Ocr.Recognition;
using Folio.Pages.Geometry;
using Folio.Pages.Layout;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Pipeline.Tests;

/// <summary>
/// Generated pages with known layout, read both ways: from the text layer (born-digital) and by OCR of the page
/// rendered at 150 dpi. Both must give the same blocks, in the same order, of the same kinds.
/// </summary>
public sealed class GeneratedPageTests(ITestOutputHelper output)
{
    public static TheoryData<string> Pages => new() { "columns", "threeColumns", "mixedColumns", "table", "ruledTable", "wrappedTable", "ruledWrappedTable", "list" };

    [Theory]
    [MemberData(nameof(Pages))]
    public void Born_digital_pages_give_the_expected_blocks(string name)
    {
        var pdf = Generate(name);
        var layer = TextLayerReader.ReadPage(pdf, 0);
        Assert.True(TextLayerJudge.Judge(layer.Stats).UseTextLayer);
        var page = BornDigitalPage.Build(layer, 1, 150);
        Dump(page);
        Assert.Equal("textLayer", page.Provenance!.Source);
        Expect(name, page);
    }

    [ModelsTheory]
    [MemberData(nameof(Pages))]
    public void Ocr_of_the_rendered_pages_gives_the_same_blocks(string name)
    {
        var pdf = Generate(name);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var clock = Stopwatch.StartNew();
        var page = SharedEngine.Instance.Recognize(document.RenderPage(0, 150), 1, dpi: 150);
        output.WriteLine($"OCR {clock.ElapsedMilliseconds} ms");
        Dump(page);
        Assert.Equal("ocr", page.Provenance!.Source);
        Expect(name, page);
    }

    public static TheoryData<string> Tables => new() { "table", "ruledTable", "wrappedTable", "ruledWrappedTable" };

    /// <summary>
    /// OCR, then the layout stage again with the rules and ink regions of the same raster (what the engine does once it
    /// passes <see cref="PageGraphics.From"/> to the layout): tables keep their cells, and no figure appears.
    /// </summary>
    [ModelsTheory]
    [MemberData(nameof(Tables))]
    public void Ocr_with_the_raster_rules_gives_the_same_tables(string name)
    {
        using var document = DocumentOpener.Open(Generate(name), DocumentLimits.Default);
        var raster = document.RenderPage(0, 150);
        var page = SharedEngine.Instance.Recognize(raster, 1, dpi: 150);
        var graphics = PageGraphics.From(raster);
        output.WriteLine($"rules: {graphics.HorizontalRules.Count} horizontal, {graphics.VerticalRules.Count} vertical");
        Assert.Equal(name.StartsWith("ruled", StringComparison.Ordinal) ? (name == "ruledTable" ? (6, 5) : (5, 5)) : (0, 0), (graphics.HorizontalRules.Count, graphics.VerticalRules.Count));
        var lines = page.Blocks.SelectMany(b => b.Lines)
            .Select(l => new RecognizedLine(l.Text, l.Confidence, new Quad(P(l.Polygon[0]), P(l.Polygon[1]), P(l.Polygon[2]), P(l.Polygon[3])), l.Words))
            .ToList();
        var relaid = page with { Blocks = PageLayout.Build(lines, page.Width, page.Height, graphics) };
        Dump(relaid);
        Expect(name, relaid);
    }

    private static PointF P(Point p) => new(p.X, p.Y);

    private static byte[] Generate(string name) => name switch
    {
        "columns" => GeneratedPdfs.TwoColumns(),
        "threeColumns" => GeneratedPdfs.ThreeColumns(),
        "mixedColumns" => GeneratedPdfs.MixedColumns(),
        "table" => GeneratedPdfs.Table(rules: false),
        "ruledTable" => GeneratedPdfs.Table(rules: true),
        "wrappedTable" => GeneratedPdfs.WrappedTable(rules: false),
        "ruledWrappedTable" => GeneratedPdfs.WrappedTable(rules: true),
        _ => GeneratedPdfs.NumberedList(),
    };

    private static void Expect(string name, PageResult page)
    {
        var blocks = page.Blocks;
        switch (name)
        {
            case "columns":
                Assert.Equal(["title", "paragraph", "paragraph", "paragraph", "paragraph", "paragraph"], blocks.Select(b => b.Kind));
                // The detector sometimes loses a piece of the large title ("Read Order Test"): only its start is checked.
                Assert.Equal(["Read", "Alpha", "Bravo", "Charlie", "Delta", "Echo"], blocks.Select(b => b.Text[..Math.Min(b.Text.Length, b == blocks[0] ? 4 : b.Text.IndexOf(' ', StringComparison.Ordinal))]));
                foreach (var (block, text) in blocks.Skip(1).Zip(GeneratedPdfs.ColumnParagraphs.Append(GeneratedPdfs.Closing)))
                {
                    Assert.True(TextMetrics.Cer(text, block.Text) <= 0.05, $"'{block.Text}' is not '{text}'");
                }

                break;
            case "threeColumns":
                ExpectParagraphs(blocks, ["Three Column Test", .. GeneratedPdfs.ThreeColumnParagraphs]);
                break;
            case "mixedColumns":
                ExpectParagraphs(blocks, GeneratedPdfs.SectionParagraphs);
                break;
            case "wrappedTable" or "ruledWrappedTable":
                // OCR reads the heading's box too small to call it a heading here: only the table is checked.
                Assert.Equal(["paragraph", "table"], blocks.Skip(1).Select(b => b.Kind));
                var wrapped = blocks[2].Table!;
                Assert.Equal((4, 4), (wrapped.Rows, wrapped.Columns));
                var cells = wrapped.Cells.OrderBy(c => c.Row).ThenBy(c => c.Column).ToList();
                Assert.Equal(16, cells.Count);
                foreach (var (cell, text) in cells.Zip(GeneratedPdfs.WrappedCells.SelectMany(r => r).Select(t => t.Replace('|', ' '))))
                {
                    Assert.True(TextMetrics.Cer(text.Replace(" ", "", StringComparison.Ordinal), cell.Text.Replace(" ", "", StringComparison.Ordinal)) <= 0.1, $"'{cell.Text}' is not '{text}'");
                }

                // Two lines of 11 pt at 150 dpi: about 52 px of text, more with OCR box margins; one line would be under 35.
                Assert.All(cells.Where(c => c.Row > 0 && c.Column == 0), c => Assert.InRange(c.Bbox.Height, 40, 75));
                break;
            case "table" or "ruledTable":
                Assert.Equal(["heading", "paragraph", "table"], blocks.Select(b => b.Kind));
                var table = blocks[2].Table!;
                Assert.Equal((5, 4), (table.Rows, table.Columns));
                Assert.Equal(GeneratedPdfs.TableCells.SelectMany(r => r), table.Cells.OrderBy(c => c.Row).ThenBy(c => c.Column).Select(c => c.Text));
                Assert.StartsWith("| Region | Spring | Summer | Autumn |\n| --- | --- | --- | --- |\n| North | 12 | 15 | 19 |", blocks[2].Text, StringComparison.Ordinal);
                break;
            default:
                Assert.Equal(["paragraph", "listItem", "listItem", "listItem"], blocks.Select(b => b.Kind));
                foreach (var (block, text) in blocks.Skip(1).Zip(GeneratedPdfs.ListItems))
                {
                    Assert.True(TextMetrics.Cer(text, block.Text) <= 0.05, $"'{block.Text}' is not '{text}'");
                }

                break;
        }
    }

    /// <summary>
    /// A title, then paragraphs in the given order, each within 5% character error of its text, spaces aside (at
    /// 150 dpi the recogniser drops some spaces in narrow columns; the order is what is checked here). The detector
    /// sometimes loses the large title's first letter: 10% there.
    /// </summary>
    private static void ExpectParagraphs(IReadOnlyList<Block> blocks, string[] texts)
    {
        Assert.Equal(["title", .. Enumerable.Repeat("paragraph", texts.Length - 1)], blocks.Select(b => b.Kind));
        foreach (var (block, text) in blocks.Zip(texts))
        {
            var cer = TextMetrics.Cer(text.Replace(" ", "", StringComparison.Ordinal), block.Text.Replace(" ", "", StringComparison.Ordinal));
            Assert.True(cer <= (block == blocks[0] ? 0.1 : 0.05), $"'{block.Text}' is not '{text}'");
        }
    }

    private void Dump(PageResult page)
    {
        foreach (var block in page.Blocks)
        {
            output.WriteLine($"[{block.Kind}{(block.Level is { } l ? $" {l}" : "")}] {block.Text}");
        }
    }
}

/// <summary>One engine for the generated-page tests: loading the models is the expensive part.</summary>
internal static class SharedEngine
{
    private static readonly Lazy<OcrEngine> Engine = new(() => new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models }));

    public static OcrEngine Instance => Engine.Value;
}
