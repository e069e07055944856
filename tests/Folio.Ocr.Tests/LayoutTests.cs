using Folio.Contracts;
using Folio.Ocr.Recognition;
using Folio.Pages.Geometry;
using Folio.Pages.Layout;

namespace Folio.Ocr.Tests;

/// <summary>The layout stage on lines with known geometry (page 1000 × 1400 px, body lines 20 px high).</summary>
public class LayoutTests
{
    private const float W = 1000, H = 1400;

    internal static RecognizedLine L(string text, float left, float top, float right, float bottom, float angle = 0)
    {
        PointF Turn(float x, float y) => new((x * MathF.Cos(angle)) - (y * MathF.Sin(angle)), (x * MathF.Sin(angle)) + (y * MathF.Cos(angle)));
        var quad = new Quad(Turn(left, top), Turn(right, top), Turn(right, bottom), Turn(left, bottom));
        return new RecognizedLine(text, 0.99f, quad, []);
    }

    /// <summary>Text as wide as a line of 20-pixel type: about ten pixels a character.</summary>
    internal static string Words(string start, float width)
    {
        var text = start;
        while (text.Length + 5 <= width / 10)
        {
            text += " word";
        }

        return text;
    }

    /// <summary>A title, two columns of two paragraphs each, then a full-width closing paragraph; also the expected block texts.</summary>
    internal static (List<RecognizedLine> Lines, List<string> Expected) TwoColumnPage(float angle = 0)
    {
        var lines = new List<RecognizedLine> { L("A Study of Columns", 250, 100, 750, 145, angle) };
        var expected = new List<string> { "A Study of Columns" };
        for (var c = 0; c < 2; c++)
        {
            float x0 = c == 0 ? 100 : 530, x1 = c == 0 ? 470 : 900;
            var paragraph = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                var y = 200 + (i * 28) + (i >= 4 ? 20 : 0);
                var right = i is 3 or 7 ? x0 + 150 : x1;
                var text = Words($"{(c == 0 ? "left" : "right")} {i}", right - x0) + (i is 3 or 7 ? "." : "");
                lines.Add(L(text, x0, y, right, y + 20, angle));
                paragraph.Add(text);
                if (i is 3 or 7)
                {
                    expected.Add(string.Join(' ', paragraph));
                    paragraph.Clear();
                }
            }
        }

        var closing = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var right = i == 2 ? 400 : 900;
            closing.Add(Words($"bottom {i}", right - 100));
            lines.Add(L(closing[^1], 100, 520 + (i * 28), right, 540 + (i * 28), angle));
        }

        expected.Add(string.Join(' ', closing));

        // Shuffle: the stage must not rely on the detector's order.
        return (lines.OrderBy(l => l.Text.GetHashCode(StringComparison.Ordinal)).ToList(), expected);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.02f)]
    public void Two_columns_read_column_by_column_with_the_title_first_and_the_full_width_text_last(float angle)
    {
        var (lines, expected) = TwoColumnPage(angle);
        var blocks = PageLayout.Build(lines, W, H);
        Assert.Equal(expected, blocks.Select(b => b.Text));
        Assert.Equal("title", blocks[0].Kind);
        Assert.All(blocks.Skip(1), b => Assert.Equal("paragraph", b.Kind));
        Assert.Equal(Enumerable.Range(0, blocks.Count), blocks.Select(b => b.Order));
    }

    [Fact]
    public void Table_of_contents_with_leaders_reads_row_by_row()
    {
        var lines = new List<RecognizedLine>();
        string[] titles = ["1 Introduction", "2 Methods", "3 Results", "4 Discussion"];
        for (var i = 0; i < titles.Length; i++)
        {
            lines.Add(L(titles[i] + " . . . . . . . .", 100, 300 + (i * 28), 600, 320 + (i * 28)));
            lines.Add(L($"{(i * 4) + 1}", 860, 300 + (i * 28), 880, 320 + (i * 28)));
        }

        var text = string.Join(' ', PageLayout.Build(lines, W, H).Select(b => b.Text));
        Assert.Equal("1 Introduction . . . . . . . . 1 2 Methods . . . . . . . . 5 3 Results . . . . . . . . 9 4 Discussion . . . . . . . . 13", text);
    }

    internal static List<RecognizedLine> TablePage(float top = 300)
    {
        var lines = new List<RecognizedLine> { L("Results of the trial are below.", 100, top - 60, 600, top - 40) };
        float[] x = [100, 320, 540, 760];
        for (var r = 0; r < 5; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                var text = r == 0 ? $"Head{c + 1}" : $"r{r}c{c + 1}";
                lines.Add(L(text, x[c], top + (r * 30), x[c] + 90 + (c * 5), top + 20 + (r * 30)));
            }
        }

        return lines;
    }

    [Fact]
    public void Aligned_cells_become_a_table_with_rows_columns_and_a_markdown_grid()
    {
        var blocks = PageLayout.Build(TablePage(), W, H);
        Assert.Equal(["paragraph", "table"], blocks.Select(b => b.Kind));
        var table = blocks[1].Table!;
        Assert.Equal((5, 4), (table.Rows, table.Columns));
        Assert.Equal(20, table.Cells.Count);
        Assert.Equal("r2c3", table.Cells.Single(c => c.Row == 2 && c.Column == 2).Text);
        Assert.StartsWith("| Head1 | Head2 | Head3 | Head4 |\n| --- | --- | --- | --- |\n| r1c1 | r1c2 | r1c3 | r1c4 |", blocks[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_cell_across_two_columns_gives_a_span_and_html()
    {
        var lines = TablePage().Where(l => l.Text is not ("Head2" or "Head3")).ToList();
        lines.Add(L("Head2 and Head3", 340, 300, 620, 320));
        var table = PageLayout.Build(lines, W, H).Single(b => b.Kind == "table");
        var header = table.Table!.Cells.Single(c => c.Row == 0 && c.Column == 1);
        Assert.Equal(2, header.ColumnSpan);
        Assert.StartsWith("<table><tr><th>Head1</th><th colspan=\"2\">Head2 and Head3</th>", table.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Margins_become_header_and_page_number_around_the_body()
    {
        List<RecognizedLine> lines =
        [
            L("12", 490, 1350, 510, 1370),
            L("Body text of the page.", 100, 400, 900, 420),
            L("Chapter 2: Methods", 100, 40, 400, 60),
        ];
        var blocks = PageLayout.Build(lines, W, H);
        Assert.Equal(["pageHeader", "paragraph", "pageNumber"], blocks.Select(b => b.Kind));
    }

    [Fact]
    public void Numbered_list_items_are_separate_blocks_and_wrapped_lines_stay_with_their_item()
    {
        List<RecognizedLine> lines =
        [
            L("Do these steps:", 100, 300, 400, 320),
            L("1. Open the file and read", 100, 330, 900, 350),
            L("it to the end.", 130, 358, 400, 378),
            L("2. Close it.", 100, 386, 350, 406),
            L("3. Write the report.", 100, 414, 500, 434),
        ];
        var blocks = PageLayout.Build(lines, W, H);
        Assert.Equal(["paragraph", "listItem", "listItem", "listItem"], blocks.Select(b => b.Kind));
        Assert.Equal("1. Open the file and read it to the end.", blocks[1].Text);
    }

    [Fact]
    public void Heading_levels_come_from_numbering_or_relative_height()
    {
        List<RecognizedLine> lines =
        [
            L("2.1 Sampling", 100, 200, 400, 228),
            L("Body line one of the section that fills the width", 100, 250, 900, 270),
            L("and a second line to end.", 100, 278, 600, 298),
            L("Notes", 100, 340, 250, 378),
            L("More body text.", 100, 394, 500, 414),
        ];
        var blocks = PageLayout.Build(lines, W, H);
        Assert.Equal([("heading", 2), ("paragraph", 0), ("heading", 1), ("paragraph", 0)], blocks.Select(b => (b.Kind, b.Level ?? 0)));
    }

    [Fact]
    public void Paragraphs_split_at_a_wider_gap_and_hyphenated_words_rejoin()
    {
        List<RecognizedLine> lines =
        [
            L("The first para- ", 100, 300, 900, 320),
            L("graph ends here.", 100, 328, 400, 348),
            L("The second one.", 100, 380, 900, 400),
        ];
        Assert.Equal(["The first paragraph ends here.", "The second one."], PageLayout.Build(lines, W, H).Select(b => b.Text));
    }

    [Fact]
    public void Words_join_into_lines_but_not_across_a_gutter_and_superscripts_join_their_line()
    {
        List<Word> words =
        [
            new("mode,", new Box(100, 100, 150, 120), 1), new("namely", new Box(155, 100, 220, 120), 1),
            new("1", new Box(151, 95, 156, 108), 1),
            new("right", new Box(400, 100, 450, 120), 1),
        ];
        var lines = WordLines.Build(words);
        Assert.Equal(["mode, 1 namely", "right"], lines.Select(l => l.Text));
    }

    [Fact]
    public void A_line_run_over_the_gutter_keeps_its_words_and_joins_none_of_the_other_column()
    {
        // The left column's line ends in a long word drawn 40 px into the right column's first word; both baselines are one row.
        List<Word> words =
        [
            new("left", new Box(100, 100, 160, 120), 1), new("\\end{figure*}", new Box(170, 100, 540, 120), 1),
            new("The", new Box(500, 101, 530, 121), 1), new("two", new Box(536, 101, 580, 121), 1), new("columns", new Box(590, 101, 700, 121), 1),
        ];
        var lines = WordLines.Build(words);
        Assert.Equal(["left \\end{figure*}", "The two columns"], lines.Select(l => l.Text));
    }

    [Theory]
    [InlineData(-5, true)]
    [InlineData(-9, true)]
    [InlineData(-11, false)]
    [InlineData(17, true)]
    [InlineData(19, false)]
    public void A_word_follows_a_line_from_half_a_height_before_its_end_to_a_gap_of_nine_tenths(float gap, bool follows)
    {
        List<Word> line = [new("end", new Box(100, 100, 160, 120), 1)];
        Assert.Equal(follows, WordLines.Follows(line, new Word("next", new Box(160 + gap, 100, 220 + gap, 120), 1)));
    }

    [Fact]
    public void A_superscript_over_the_end_of_a_line_follows_it()
    {
        List<Word> line = [new("x", new Box(100, 100, 112, 120), 1), new("ij", new Box(112, 110, 140, 124), 1)];
        Assert.True(WordLines.Follows(line, new Word("2", new Box(113, 95, 120, 108), 1)));
    }

    [Fact]
    public void Glyphs_drawn_over_each_other_as_one_symbol_follow_each_other_and_a_long_word_does_not()
    {
        List<Word> line = [new("sq", new Box(100, 100, 160, 120), 1), new("u", new Box(165, 100, 181, 120), 1)];
        Assert.True(WordLines.Follows(line, new Word("t", new Box(166, 100, 180, 120), 1)));
        Assert.False(WordLines.Follows(line, new Word("then", new Box(166, 100, 216, 120), 1)));
    }

    [Theory]
    [InlineData("12", true)]
    [InlineData("- 3 -", true)]
    [InlineData("Page 4 of 10", true)]
    [InlineData("xiv", true)]
    [InlineData("12 apples", false)]
    public void Page_numbers_are_recognised(string text, bool expected) => Assert.Equal(expected, BlockKinds.IsPageNumber(text));

    [Theory]
    [InlineData("• item", true)]
    [InlineData("1. item", true)]
    [InlineData("(a) item", true)]
    [InlineData("1.1 Heading", false)]
    [InlineData("Plain text", false)]
    public void List_markers_are_recognised(string text, bool expected) => Assert.Equal(expected, BlockKinds.StartsListItem(text));
}
