using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Local;
using Folio.Pages.Layout;
using SkiaSharp;

namespace Folio.Pipeline.Tests;

/// <summary>Born-digital pages through the orchestrator: no recogniser call, document-level layout at assembly.</summary>
public sealed class BornDigitalPipelineTests
{
    private static readonly PageRetrySettings FastRetry = new() { MaxAttempts = 1 };

    [Fact]
    public async Task Text_layer_pages_skip_the_recognizer_and_running_headers_leave_the_markdown()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        await using var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        var outcome = await runner.RunAsync(temp.File("report.pdf", GeneratedPdfs.HeaderFooterPages()), Path.Combine(temp.Path, "out"), new RunOptions { Retry = FastRetry });

        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Empty(recognizer.Calls);
        var markdown = await File.ReadAllTextAsync(outcome.Outputs!.MarkdownKey);
        Assert.DoesNotContain("Folio Test Report", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Confidential draft", markdown, StringComparison.Ordinal);
        Assert.Contains("taken in the field were consistent with the laboratory results", markdown, StringComparison.Ordinal);
        Assert.Equal(3, markdown.Split("<!-- page ").Length - 1);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(outcome.Outputs.JsonKey));
        var pages = json.RootElement.GetProperty("pages").EnumerateArray().ToList();
        foreach (var page in pages)
        {
            var blocks = page.GetProperty("blocks").EnumerateArray().ToList();
            Assert.Equal("textLayer", page.GetProperty("provenance").GetProperty("source").GetString());
            Assert.Equal(["pageHeader", "paragraph", "pageFooter", "pageNumber"], blocks.Select(b => b.GetProperty("kind").GetString()));
            Assert.All(blocks.Where(b => b.GetProperty("kind").GetString() != "paragraph"), b => Assert.True(b.GetProperty("repeated").GetBoolean()));
        }

        Assert.True(pages[0].GetProperty("blocks")[1].GetProperty("continuesOnNextPage").GetBoolean());
        Assert.True(pages[1].GetProperty("blocks")[1].GetProperty("continuedFromPreviousPage").GetBoolean());
        Assert.False(pages[2].GetProperty("blocks")[1].TryGetProperty("continuedFromPreviousPage", out _));
        Assert.Equal(3, json.RootElement.GetProperty("provenance").GetProperty("pagesBySource").GetProperty("textLayer").GetInt32());
    }

    [Fact]
    public async Task Force_ocr_sends_every_page_to_the_recognizer()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        await using var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        var outcome = await runner.RunAsync(temp.File("report.pdf", GeneratedPdfs.HeaderFooterPages()), Path.Combine(temp.Path, "out"), new RunOptions { ForceOcr = true, Retry = FastRetry });

        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Equal([1, 2, 3], recognizer.Calls.Select(c => c.Page).Order());
    }

    [Fact]
    public async Task A_scanned_looking_page_without_text_layer_is_ocr_d()
    {
        using var temp = new TempFolder();
        var scan = GeneratedPdfs.ImageOnly(RenderPng(GeneratedPdfs.TwoColumns(), 100));
        var layer = TextLayerReader.ReadPage(scan, 0);
        Assert.Equal(new TextLayerVerdict(false, "no text layer"), TextLayerJudge.Judge(layer.Stats));

        var recognizer = new FakeRecognizer();
        await using var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        var outcome = await runner.RunAsync(temp.File("scan.pdf", scan), Path.Combine(temp.Path, "out"), new RunOptions { Retry = FastRetry });
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Equal([1], recognizer.Calls.Select(c => c.Page));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 5, 7, 8 }, "1-3,5,7-8")]
    [InlineData(new int[0], "")]
    public void Page_ranges_round_trip(int[] pages, string text)
    {
        var ranges = PageRanges.Of(pages);
        Assert.Equal(text, ranges.Text);
        var read = JsonSerializer.Deserialize<PageRanges>(JsonSerializer.Serialize(ranges))!;
        Assert.Equal(pages, Enumerable.Range(1, 10).Where(read.Contains));
    }

    [Fact]
    public void Repeated_margin_text_is_found_across_pages_with_page_numbers_folded()
    {
        static PageResult Page(int n, string header, string footer) => new()
        {
            PageNumber = n,
            Width = 1000,
            Height = 1400,
            Blocks =
            [
                new Block { Kind = "pageHeader", Text = header, Bbox = new Box(100, 30, 500, 60) },
                new Block { Kind = "paragraph", Text = $"Body {n}", Bbox = new Box(100, 300, 900, 900) },
                new Block { Kind = "paragraph", Text = footer, Bbox = new Box(450, 1340, 550, 1370) },
            ],
        };

        PageResult[] pages = [Page(1, "Chapter 1: Intro 1", "1"), Page(2, "Chapter 1: Intro 2", "2"), Page(3, "Unique heading", "iii")];
        var candidates = pages.SelectMany(DocumentLayout.Candidates).ToList();
        var repeated = DocumentLayout.Repeated(candidates, pages.Length);
        Assert.Equal("pageHeader", repeated[(1, 0)]);
        Assert.Equal("pageHeader", repeated[(2, 0)]);
        Assert.False(repeated.ContainsKey((3, 0)));
        Assert.Equal([BlockKinds.PageNumber, BlockKinds.PageNumber, BlockKinds.PageNumber], new[] { repeated[(1, 2)], repeated[(2, 2)], repeated[(3, 2)] });
        Assert.Equal("chapter #: intro #", DocumentLayout.Signature("Chapter 12: Intro 3"));
    }

    [Theory]
    [InlineData("the results were", "consistent with", true)]
    [InlineData("a broken com-", "putation", true)]
    [InlineData("The end.", "another start", false)]
    [InlineData("no stop here", "Capitalised start", false)]
    public void A_paragraph_runs_on_over_a_page_break_only_mid_sentence(string last, string first, bool expected)
    {
        var a = new Block { Kind = "paragraph", Text = last, Bbox = default };
        var b = new Block { Kind = "paragraph", Text = first, Bbox = default };
        Assert.Equal(expected, DocumentLayout.RunsOn(a, b));
        if (expected)
        {
            Assert.DoesNotContain("- ", DocumentLayout.Join(last, first), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("heading", 1, "Methods", "## Methods")]
    [InlineData("heading", 3, "2.1.3 Detail", "#### 2.1.3 Detail")]
    [InlineData("title", null, "Report", "# Report")]
    [InlineData("listItem", null, "• First", "- First")]
    [InlineData("listItem", null, "2. Second", "2. Second")]
    public void Markdown_marks_titles_headings_and_lists(string kind, int? level, string text, string expected) =>
        Assert.Equal(expected, MarkdownBlocks.Render(new Block { Kind = kind, Level = level, Text = text, Bbox = default }, text));

    private static byte[] RenderPng(byte[] pdf, int dpi)
    {
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var raster = document.RenderPage(0, dpi);
        var info = new SKImageInfo(raster.Width, raster.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, raster.Bgra.AsSpan(), raster.Stride)!;
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
