using System.Diagnostics;
using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Pipeline.Tests;

/// <summary>
/// Generated pages with known layout, read both ways: from the text layer (born-digital) and by OCR of the page
/// rendered at 150 dpi. Both must give the same blocks, in the same order, of the same kinds.
/// </summary>
public sealed class GeneratedPageTests(ITestOutputHelper output)
{
    public static TheoryData<string> Pages => new() { "columns", "table", "ruledTable", "list" };

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

    private static byte[] Generate(string name) => name switch
    {
        "columns" => GeneratedPdfs.TwoColumns(),
        "table" => GeneratedPdfs.Table(rules: false),
        "ruledTable" => GeneratedPdfs.Table(rules: true),
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
