using System.Text.RegularExpressions;
using Folio.Contracts;
using Folio.Local;
using Folio.Testing;

namespace Folio.Pipeline.Tests;

/// <summary>The plain-text and HTML outputs: real documents through the orchestrator, and pages built by hand.</summary>
public sealed partial class TextAndHtmlOutputTests
{
    private static readonly RunOptions TextAndHtml = new() { Formats = [OutputFormats.Text, OutputFormats.Html], Retry = new PageRetrySettings { MaxAttempts = 1 } };

    [Fact]
    public async Task A_page_with_a_heading_and_a_table_reads_in_order_with_the_cells_kept()
    {
        using var temp = new TempFolder();
        var (text, html) = await RunAsync(temp, "figures.pdf", GeneratedPdfs.Table(rules: true));

        // Only the formats asked for are written.
        Assert.Equal(["figures.html", "figures.txt"], Directory.GetFiles(Path.Combine(temp.Path, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var rows = GeneratedPdfs.TableCells.Select(r => string.Join('\t', r));
        Assert.Equal(["Seasonal figures", "", "The table below lists the counts per region.", "", .. rows, ""], text.Split('\n'));

        Assert.StartsWith("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>figures.pdf</title>", html, StringComparison.Ordinal);
        Assert.Matches("<section class=\"page\" id=\"page-1\">\n<h([2-6])>Seasonal figures</h\\1>\n<p>The table below lists the counts per region.</p>\n<table>", html);
        Assert.Contains("<tr><th>Region</th><th>Spring</th><th>Summer</th><th>Autumn</th></tr><tr><td>North</td><td>12</td><td>15</td><td>19</td></tr>", html, StringComparison.Ordinal);
        Assert.EndsWith("</table>\n</section>\n</body>\n</html>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_manual_keeps_its_headings_and_drops_its_running_header_as_the_markdown_does()
    {
        using var temp = new TempFolder();
        var sample = Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf");
        await using var runner = new LocalDocumentRunner(new FakeRecognizer(), new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        var outcome = await runner.RunAsync(sample, Path.Combine(temp.Path, "out"), TextAndHtml with { Formats = [.. TextAndHtml.Formats!, OutputFormats.Markdown] });
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        var text = await File.ReadAllTextAsync(outcome.Outputs!.KeyOf(OutputFormats.Text)!);
        var html = await File.ReadAllTextAsync(outcome.Outputs.KeyOf(OutputFormats.Html)!);
        var markdown = await File.ReadAllTextAsync(outcome.Outputs.MarkdownKey);

        // The text is the Markdown without its markup, page by page.
        var markdownPages = markdown.Split("<!-- page ").Skip(1).Select(p => MarkdownMarkup().Replace(p[(p.IndexOf('\n', StringComparison.Ordinal) + 1)..], string.Empty));
        Assert.Equal(markdownPages.Select(TextMetrics.Collapse), text.Split(PlainTextBlocks.PageSeparator).Select(TextMetrics.Collapse));
        Assert.DoesNotContain("Chapter 1: Introduction and preliminaries", text, StringComparison.Ordinal);
        Assert.StartsWith("2 Simple manipulations; numbers and vectors\n\n2.1 Vectors and assignment\n\nR operates on named data structures.", text.Split('\f')[2], StringComparison.Ordinal);

        Assert.Equal(["page-1", "page-2", "page-3"], SectionIds().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Contains("<h2>2 Simple manipulations; numbers and vectors</h2>\n<h3>2.1 Vectors and assignment</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>1.10 Executing commands from or diverting output to a file</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<p>&gt; x &lt;- c(10.4, 5.6, 3.1, 6.4, 21.7)</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"footnote\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Chapter 1: Introduction and preliminaries", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_are_separated_by_a_form_feed_and_a_paragraph_broken_by_a_page_break_is_joined()
    {
        using var temp = new TempFolder();
        var (text, html) = await RunAsync(temp, "report.pdf", GeneratedPdfs.HeaderFooterPages());

        var pages = text.Split(PlainTextBlocks.PageSeparator);
        Assert.Equal(3, pages.Length);
        Assert.Equal("The survey covered twelve sites over two seasons, and the measurements taken in the field were consistent with the laboratory results for every sample that was sent in for analysis.", TextMetrics.Collapse(pages[0]));
        Assert.Equal("", pages[1]);
        Assert.Equal("The last page holds the conclusions of the survey team.\n", pages[2]);
        Assert.DoesNotContain("Folio Test Report", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Confidential draft", html, StringComparison.Ordinal);
        Assert.Equal(3, SectionIds().Count(html));
    }

    [Fact]
    public void Spanning_cells_keep_their_spans_and_text_is_escaped()
    {
        Table table = new()
        {
            Rows = 3,
            Columns = 3,
            Cells =
            [
                new(0, 0, "Region", default, RowSpan: 2), new(0, 1, "Season <all>", default, ColumnSpan: 2),
                new(1, 1, "Spring", default), new(1, 2, "Summer", default),
                new(2, 0, "North & East", default), new(2, 1, "12", default), new(2, 2, "15", default),
            ],
        };
        var page = Page(Block("table", "ignored", table: table), Block("paragraph", "if a < b && \"c\"", order: 1));

        var html = HtmlDocumentWriter.Page(page, continuation: null);

        Assert.Contains("<tr><th rowspan=\"2\">Region</th><th colspan=\"2\">Season &lt;all&gt;</th></tr><tr><td>Spring</td><td>Summer</td></tr><tr><td>North &amp; East</td><td>12</td><td>15</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<p>if a &lt; b &amp;&amp; &quot;c&quot;</p>", html, StringComparison.Ordinal);
        Assert.Equal("Region\tSeason <all>\t\n\tSpring\tSummer\nNorth & East\t12\t15\n\nif a < b && \"c\"\n", PlainTextBlocks.Page(page, continuation: null));
    }

    [Fact]
    public void Headings_lists_figures_and_failed_pages_have_their_elements()
    {
        var page = Page(
            Block("title", "A <Title>"),
            Block("heading", "Level two", order: 1, level: 2),
            Block("listItem", "• first point", order: 2),
            Block("listItem", "- second point", order: 3),
            Block("listItem", "3. third step", order: 4),
            Block("listItem", "4) fourth step", order: 5),
            Block("figure", "label in the chart", order: 6),
            Block("caption", "Figure 1: a chart", order: 7),
            Block("pageNumber", "7", order: 8));

        Assert.Equal(
            "<section class=\"page\" id=\"page-4\">\n<h1>A &lt;Title&gt;</h1>\n<h3>Level two</h3>\n<ul>\n<li>first point</li>\n<li>second point</li>\n</ul>\n"
            + "<ol start=\"3\">\n<li>third step</li>\n<li>fourth step</li>\n</ol>\n<figure id=\"page-4-figure-1\"></figure>\n<p class=\"caption\">Figure 1: a chart</p>\n</section>\n",
            HtmlDocumentWriter.Page(page, continuation: null));
        Assert.Equal("A <Title>\n\nLevel two\n\n• first point\n\n- second point\n\n3. third step\n\n4) fourth step\n\nFigure 1: a chart\n", PlainTextBlocks.Page(page, continuation: null));

        var failed = new PageResult { PageNumber = 9, Width = 0, Height = 0, Status = PageStatus.Failed, Error = "The page <broke>." };
        Assert.Equal("<section class=\"page\" id=\"page-9\">\n<p class=\"failed\"><strong>Page 9 could not be read:</strong> The page &lt;broke&gt;.</p>\n</section>\n", HtmlDocumentWriter.Page(failed, null));
        Assert.Equal("[Page 9 could not be read: The page <broke>.]\n", PlainTextBlocks.Page(failed, null));
    }

    private static async Task<(string Text, string Html)> RunAsync(TempFolder temp, string name, byte[] pdf)
    {
        await using var runner = new LocalDocumentRunner(new FakeRecognizer(), new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        var outcome = await runner.RunAsync(temp.File(name, pdf), Path.Combine(temp.Path, "out"), TextAndHtml);
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        return (await File.ReadAllTextAsync(outcome.Outputs!.KeyOf(OutputFormats.Text)!), await File.ReadAllTextAsync(outcome.Outputs.KeyOf(OutputFormats.Html)!));
    }

    private static PageResult Page(params Block[] blocks) => new() { PageNumber = 4, Width = 600, Height = 800, Blocks = blocks };

    private static Block Block(string kind, string text, int order = 0, int? level = null, Table? table = null) =>
        new() { Kind = kind, Text = text, Order = order, Level = level, Table = table, Bbox = new Box(10, 10 + (order * 40), 500, 40 + (order * 40)) };

    [GeneratedRegex("<section class=\"page\" id=\"(page-\\d+)\">")]
    private static partial Regex SectionIds();

    [GeneratedRegex("(?m)^#+ ")]
    private static partial Regex MarkdownMarkup();
}
