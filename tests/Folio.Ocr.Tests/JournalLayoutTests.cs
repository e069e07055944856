using Folio.Documents;
using Folio.Ocr.Recognition;
using Folio.Pages.Layout;
using Folio.Testing;
using Xunit.Abstractions;
using static Folio.Ocr.Tests.LayoutTests;

namespace Folio.Ocr.Tests;

/// <summary>Journal layouts with known geometry (1000 × 1400 px, 20 px lines, columns 100–470 and 530–900).</summary>
public class JournalLayoutTests
{
    private const float W = 1000, H = 1400;

    private static List<RecognizedLine> Shuffle(List<RecognizedLine> lines) => lines.OrderBy(l => l.Text.GetHashCode(StringComparison.Ordinal)).ToList();

    /// <summary>A column from <paramref name="top"/>: a paragraph of four rows, a heading after a gap, a paragraph of four rows; the expected block texts.</summary>
    private static List<string> Column(List<RecognizedLine> lines, float x0, float top, string name, string heading)
    {
        var expected = new List<string>();
        var y = top;
        for (var p = 0; p < 2; p++)
        {
            var rows = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var right = i == 3 ? x0 + 180 : x0 + 370;
                rows.Add(Words($"{name}{p} {i}", right - x0) + (i == 3 ? "." : ""));
                lines.Add(L(rows[^1], x0, y, right, y + 20));
                y += 28;
            }

            expected.Add(string.Join(' ', rows));
            if (p == 0)
            {
                y += 30;
                lines.Add(L(heading, x0, y, x0 + 200, y + 26));
                expected.Add(heading);
                y += 56;
            }
        }

        return expected;
    }

    [Fact]
    public void Headings_at_the_same_height_in_both_columns_stay_in_their_columns()
    {
        var lines = new List<RecognizedLine>();
        var expected = Column(lines, 100, 200, "left", "2 TEMPLATE OVERVIEW");
        expected.AddRange(Column(lines, 530, 200, "right", "4 TYPEFACES"));
        var blocks = PageLayout.Build(Shuffle(lines), W, H);
        Assert.Equal(expected, blocks.Select(b => b.Text));
    }

    [Fact]
    public void A_running_head_a_little_below_the_top_margin_is_labelled()
    {
        // The head's bottom at 9.3 % of the page, the body a line and a half below it.
        var lines = new List<RecognizedLine> { L("Conference acronym XX, June 2018", 100, 112, 420, 130), L("Trovato et al.", 780, 112, 900, 130) };
        var expected = Column(lines, 100, 160, "left", "2 HEADING");
        expected.AddRange(Column(lines, 530, 160, "right", "4 HEADING"));
        var blocks = PageLayout.Build(Shuffle(lines), W, H);
        Assert.Equal(BlockKinds.PageHeader, blocks[0].Kind);
        Assert.Equal("Conference acronym XX, June 2018 Trovato et al.", blocks[0].Text);
        Assert.Equal(expected, blocks.Skip(1).Select(b => b.Text));
    }

    [Fact]
    public void A_first_page_whose_columns_start_below_its_middle_is_read_column_by_column()
    {
        // Title, authors and abstract across the page down to 870, the two columns (310 px) under them: the columns
        // stand beside each other over a quarter of the page's text, all of the text beside the gutter.
        var lines = new List<RecognizedLine> { L("The Name of the Title", 350, 150, 650, 180) };
        var expected = new List<string> { "The Name of the Title" };
        for (var a = 0; a < 3; a++)
        {
            lines.Add(L($"Author {a}, Institution {a}, Country {a}", 330, 240 + (a * 90), 670, 260 + (a * 90)));
            expected.Add($"Author {a}, Institution {a}, Country {a}");
        }

        var abstractRows = new List<string>();
        for (var r = 0; r < 5; r++)
        {
            abstractRows.Add(Words($"abstract {r}", 800));
            lines.Add(L(abstractRows[^1], 100, 730 + (r * 28), 900, 750 + (r * 28)));
        }

        expected.Add(string.Join(' ', abstractRows));
        expected.AddRange(Column(lines, 100, 950, "left", "1 INTRODUCTION"));
        expected.AddRange(Column(lines, 530, 950, "right", "A. Formatting"));
        var blocks = PageLayout.Build(Shuffle(lines), W, H);
        Assert.Equal(expected, blocks.Select(b => b.Text));
    }

    [Theory]
    [InlineData("4 Tables and Figures", "heading", 1)]
    [InlineData("3.1 Subsection Headings", "heading", 2)]
    [InlineData("4 apples and 3 pears", "paragraph", null)]
    [InlineData("2 Introduction to R 12", "paragraph", null)]
    [InlineData("1 Smith, J. A.", "paragraph", null)]
    [InlineData("7.2 Final Column Balancing. The option invokes", "paragraph", null)]
    [InlineData("1. First item", "listItem", null)]
    public void A_short_numbered_line_at_body_size_is_a_heading(string text, string kind, int? level)
    {
        // Bold section headings in body type (ASME's journal class): the size says nothing, the numbering does.
        Assert.Equal((kind, level), BlockKinds.Classify(text, 1f, 1));
    }

    [Fact]
    public void A_term_in_the_margin_and_the_paragraph_beside_it_are_one_block()
    {
        // A description list (R-admin's "times (The default.) Using standard PostScript fonts…"): the term at 100, its
        // text from 200 to the column's right edge, the text's next rows under it.
        var lines = new List<RecognizedLine> { L("times", 100, 300, 160, 320), L(Words("(The default.) Using standard", 700), 200, 300, 900, 320) };
        var rows = new List<string> { "times " + lines[1].Text };
        for (var r = 1; r < 3; r++)
        {
            rows.Add(Words($"fonts {r}", r == 2 ? 300 : 700));
            lines.Add(L(rows[^1] + (r == 2 ? "." : ""), 200, 300 + (r * 28), r == 2 ? 500 : 900, 320 + (r * 28)));
            rows[^1] = lines[^1].Text;
        }

        var block = Assert.Single(PageLayout.Build(Shuffle(lines), W, H));
        Assert.Equal(string.Join(' ', rows), block.Text);
    }

    [Fact]
    public void A_table_in_the_right_column_keeps_the_prose_on_its_left_out()
    {
        var lines = new List<RecognizedLine>();
        var left = Column(lines, 100, 200, "left", "6 SECTIONS");
        for (var r = 0; r < 6; r++)
        {
            var y = 200 + (r * 26);
            lines.Add(L($"\\cmd{r}", 530, y, 600, y + 20));
            lines.Add(L($"o{r}", 680, y, 700, y + 20));
            lines.Add(L($"meaning {r}", 760, y, 860, y + 20));
        }

        var right = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            right.Add(Words($"after {i}", 370));
            lines.Add(L(right[^1], 530, 380 + (i * 28), 900, 400 + (i * 28)));
        }

        var blocks = PageLayout.Build(Shuffle(lines), W, H);
        var table = Assert.Single(blocks, b => b.Kind == BlockKinds.Table);
        Assert.Equal((6, 3), (table.Table!.Rows, table.Table.Columns));
        Assert.DoesNotContain("left", table.Text, StringComparison.Ordinal);
        Assert.Equal(left, blocks.TakeWhile(b => b.Kind != BlockKinds.Table).Select(b => b.Text));
    }
}

/// <summary>OCR of real journal pages (texlive-publishers-doc), rendered at 150 dpi, against the PDF's own text order.</summary>
public sealed class JournalOcrTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    private const string Root = "/usr/share/doc/texlive-doc/latex/";

    [JournalOcrFact]
    public void A_two_column_page_is_read_column_by_column_with_its_running_heads_labelled()
    {
        var pdf = File.ReadAllBytes(Root + "acmart/samples/sample-sigconf.pdf");
        var page = Read(pdf, 2);
        var texts = page.Blocks.Select(b => b.Text).ToList();
        Assert.True(texts.FindIndex(t => t.Contains("3 MODIFICATIONS", StringComparison.Ordinal)) < texts.FindIndex(t => t.Contains("4 TYPEFACES", StringComparison.Ordinal)), "left column first");
        Assert.Equal(BlockKinds.PageHeader, Assert.Single(page.Blocks, b => b.Text.Contains("Conference acronym", StringComparison.Ordinal)).Kind);
        Assert.Equal(BlockKinds.PageHeader, Assert.Single(page.Blocks, b => b.Text.Contains("Trovato", StringComparison.Ordinal)).Kind);

        var cer = TextMetrics.Cer(PdfTextLayer.ReadText(pdf, 1), RealPageTests.PlainText(page));
        output.WriteLine($"CER against the text layer's order {TextMetrics.Percent(cer)}");
        Assert.True(cer <= 0.03, $"CER {TextMetrics.Percent(cer)}");
    }

    [JournalOcrFact]
    public void A_table_in_the_right_column_keeps_the_prose_on_its_left_out()
    {
        var page = Read(File.ReadAllBytes(Root + "mnras/mnras_guide.pdf"), 3);
        var table = Assert.Single(page.Blocks, b => b.Kind == BlockKinds.Table && b.Text.Contains("degrees", StringComparison.Ordinal));
        Assert.DoesNotContain("Sections and lists", table.Text, StringComparison.Ordinal);
        Assert.Contains(page.Blocks, b => b.Kind == BlockKinds.Paragraph && b.Text.StartsWith("Sections and lists are generally", StringComparison.Ordinal));
    }

    [JournalOcrFact]
    public void A_table_with_rules_around_groups_of_rows_and_one_vertical_rule_keeps_every_row_and_column()
    {
        // JPSJ's font table: rules under the header and around two one-row groups, a vertical rule before its last
        // column only; five rows between the first two rules, none between them.
        var page = Read(File.ReadAllBytes(Root + "jpsj/injpsj2.pdf"), 2);
        var table = Assert.Single(page.Blocks, b => b.Kind == BlockKinds.Table).Table!;
        Assert.Equal((8, 3), (table.Rows, table.Columns));
        Assert.Equal("Old", table.Cells.Single(c => c.Row == 0 && c.Column == 1).Text);
        Assert.Contains("italic", table.Cells.Single(c => c.Row == 2 && c.Column == 2).Text, StringComparison.Ordinal);
        Assert.Contains("sf sans serif", table.Cells.Single(c => c.Row == 3 && c.Column == 1).Text, StringComparison.Ordinal);
    }

    [JournalOcrFact]
    public void Margin_notes_read_after_their_line_also_where_the_detector_joined_them_to_it()
    {
        // The mucproc guide's macro names stand in the left margin; the detector draws "\\title" and its line as one box.
        var muc = RealPageTests.PlainText(Read(File.ReadAllBytes(Root + "mucproc/mucproc.pdf"), 2));
        Assert.Contains("documents. If \\author \\and", muc, StringComparison.Ordinal);
        Assert.Contains("to most popular document classes. \\title There may be", muc, StringComparison.Ordinal);
        Assert.Contains("calling the \\maketitle command as usual. \\maketitle", muc, StringComparison.Ordinal);
    }

    [JournalOcrFact]
    public void A_contents_page_number_stays_on_its_entry_and_out_of_the_prose_beside_it()
    {
        // IEEE PES page 1: the contents' page numbers stand at the left column's edge, a little left of the gutter.
        var pdf = File.ReadAllBytes(Root + "ieeepes/ieeepes_doc.pdf");
        var page = Read(pdf, 1);
        var text = RealPageTests.PlainText(page);
        Assert.Equal(BlockKinds.Paragraph, Assert.Single(page.Blocks, b => b.Text == "17 What This Package Can Not Do 6").Kind);
        Assert.Contains("particularly careful with these.", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("20 April 1999", StringComparison.Ordinal) < text.IndexOf("Contents", StringComparison.Ordinal), "the date under the authors comes before the contents");
        var cer = TextMetrics.Cer(PdfTextLayer.ReadText(pdf, 0), text);
        output.WriteLine($"CER against the text layer's order {TextMetrics.Percent(cer)}");
        Assert.True(cer <= 0.03, $"CER {TextMetrics.Percent(cer)}");
    }

    [JournalOcrFact]
    public void Margin_notes_of_several_words_and_lines_read_whole_after_their_first_line()
    {
        // The LNI guide's option names stand right-aligned in the left margin: "crop (new in v1.1)", which the
        // detector draws as two boxes, and notes of two and three lines whose later lines sit beside a short line.
        var pdf = File.ReadAllBytes(Root + "lni/lni.pdf");
        var page = Read(pdf, 2);
        var text = RealPageTests.PlainText(page);
        Assert.DoesNotContain(page.Blocks, b => b.Kind == BlockKinds.Table);
        Assert.Contains("adoptions by default. english To switch to English", text, StringComparison.Ordinal);
        Assert.Contains("encoding for utf8 latin", text, StringComparison.Ordinal);
        Assert.Contains("applemac text files, there might be", text, StringComparison.Ordinal);
        Assert.Contains("to better illustrate crop (new in v", text, StringComparison.Ordinal);
        Assert.Contains("If for whatever nofonts (new in v1.3, deprecated in v1.4) reason", text, StringComparison.Ordinal);
        var cer = TextMetrics.Cer(PdfTextLayer.ReadText(pdf, 1), text);
        output.WriteLine($"CER against the text layer's order {TextMetrics.Percent(cer)}");
        Assert.True(cer <= 0.03, $"CER {TextMetrics.Percent(cer)}");
    }

    private Contracts.PageResult Read(byte[] pdf, int pageNumber)
    {
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var page = fixture.Engine.Recognize(document.RenderPage(pageNumber - 1, 150), pageNumber, dpi: 150);
        foreach (var block in page.Blocks)
        {
            output.WriteLine($"[{block.Kind}] {block.Text}");
        }

        return page;
    }
}

/// <summary>A fact that needs the models and texlive-publishers-doc's journal samples; skipped with the reason otherwise.</summary>
internal sealed class JournalOcrFactAttribute : FactAttribute
{
    public JournalOcrFactAttribute()
    {
        if (!RepoPaths.ModelsPresent)
        {
            Skip = $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh.";
        }
        else if (!File.Exists("/usr/share/doc/texlive-doc/latex/acmart/samples/sample-sigconf.pdf") || !File.Exists("/usr/share/doc/texlive-doc/latex/mnras/mnras_guide.pdf")
            || !File.Exists("/usr/share/doc/texlive-doc/latex/jpsj/injpsj2.pdf") || !File.Exists("/usr/share/doc/texlive-doc/latex/ieeepes/ieeepes_doc.pdf"))
        {
            Skip = "No journal sample PDFs: install Debian texlive-publishers-doc (apt-get install texlive-publishers-doc).";
        }
    }
}
