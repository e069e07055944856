using Folio.Contracts;
using Folio.Ocr.Recognition;
using Folio.Pages.Layout;
using static Folio.Ocr.Tests.LayoutTests;

namespace Folio.Ocr.Tests;

/// <summary>Wrapped table cells, ruling lines and figures on a 1000 × 1400 px page with 20 px lines.</summary>
public class TableAndFigureTests
{
    private const float W = 1000, H = 1400;

    /// <summary>
    /// A 4 × 4 table whose first column wraps onto two lines in rows 1 and 3; text rows <paramref name="pitch"/> apart
    /// inside a cell and <paramref name="rowGap"/> more between table rows; returns the lines and the y of each row boundary.
    /// </summary>
    private static (List<RecognizedLine> Lines, List<float> Boundaries) WrappedTable(float pitch, float rowGap)
    {
        var lines = new List<RecognizedLine> { L("The table below wraps some of its cells.", 100, 240, 700, 260) };
        float[] x = [100, 320, 540, 760];
        var boundaries = new List<float>();
        var y = 300f;
        for (var r = 0; r < 4; r++)
        {
            var wraps = r is 1 or 3;
            lines.Add(L(r == 0 ? "Name" : $"Item {r} long", x[0], y, x[0] + 150, y + 20));
            if (wraps)
            {
                lines.Add(L($"name {r}", x[0], y + pitch, x[0] + 80, y + pitch + 20));
            }

            for (var c = 1; c < 4; c++)
            {
                lines.Add(L(r == 0 ? $"Head{c}" : $"r{r}c{c}", x[c], y, x[c] + 90, y + 20));
            }

            y += (wraps ? 2 : 1) * pitch;
            boundaries.Add(y + (rowGap / 2) - ((pitch - 20) / 2));
            y += rowGap;
        }

        return (lines, boundaries);
    }

    [Fact]
    public void Wrapped_cells_set_apart_by_larger_gaps_make_one_row_each()
    {
        var (lines, _) = WrappedTable(24, 16);
        var table = PageLayout.Build(lines, W, H).Single(b => b.Kind == "table").Table!;
        Assert.Equal((4, 4), (table.Rows, table.Columns));
        var cell = table.Cells.Single(c => c.Row == 1 && c.Column == 0);
        Assert.Equal("Item 1 long name 1", cell.Text);
        Assert.Equal(new Box(100, 340, 250, 384), cell.Bbox);
        Assert.Equal("r3c2", table.Cells.Single(c => c.Row == 3 && c.Column == 2).Text);
    }

    [Fact]
    public void Wrapped_cells_between_rules_make_one_row_each_even_at_even_spacing()
    {
        var (lines, boundaries) = WrappedTable(28, 0);
        var rules = boundaries.SkipLast(1).Select(y => new Box(95, y - 1, 860, y + 1)).Prepend(new Box(95, 295, 860, 297)).ToList();
        var graphics = new PageGraphics(rules, [], []);
        Assert.Equal(6, PageLayout.Build(lines, W, H).Single(b => b.Kind == "table").Table!.Rows);
        var table = PageLayout.Build(lines, W, H, graphics).Single(b => b.Kind == "table").Table!;
        Assert.Equal((4, 4), (table.Rows, table.Columns));
        Assert.Equal("Item 3 long name 3", table.Cells.Single(c => c.Row == 3 && c.Column == 0).Text);
    }

    [Theory]
    [InlineData(new float[] { 4, 4, 4, 4 }, new int[0], "1111")]
    [InlineData(new float[] { 14, 4, 14, 4 }, new int[0], "1010")]
    [InlineData(new float[] { 8, 8, 8, 8 }, new[] { 0, 2 }, "1010")]
    [InlineData(new float[] { 14, 4, 14, 4 }, new[] { 3 }, "1011")]
    [InlineData(new float[] { 8, 8, 8, 8, 8 }, new[] { 0, 4 }, "11111", "111111")]
    [InlineData(new float[] { 8, 8, 8, 8, 8 }, new[] { 0, 4 }, "10101", "110101")] // cells wrapped downwards from full first lines
    [InlineData(new float[] { 8, 8, 8, 8, 8 }, new[] { 0, 4 }, "11001", "111001")]
    [InlineData(new float[] { 14, -4, -6, 0 }, new[] { 0 }, "1111", "11111")]
    [InlineData(new float[] { 14, 4, 14, 4 }, new int[0], "1010", "10101")]
    public void Table_rows_end_at_rules_or_at_the_larger_gaps(float[] gaps, int[] rulesAfter, string expected, string? full = null)
    {
        // Text rows 20 high; a rule just under the rows named.
        var rows = new List<(float Top, float Bottom)> { (0, 20) };
        foreach (var gap in gaps)
        {
            rows.Add((rows[^1].Bottom + gap, rows[^1].Bottom + gap + 20));
        }

        // Full: whether each row has a cell in every column (not known when not given).
        var flags = full?.Select(c => c == '1').ToArray();
        var boundaries = TableRows.Boundaries(rows, rulesAfter.Select(r => rows[r].Bottom + 1).ToList(), 20, flags);
        Assert.Equal(expected, string.Concat(boundaries.Select(b => b ? '1' : '0')));
    }

    [Fact]
    public void Vertical_rules_across_the_table_give_its_columns_and_a_short_rule_or_one_through_a_cell_does_not()
    {
        var lines = new List<RecognizedLine>();
        for (var r = 0; r < 4; r++)
        {
            lines.Add(L($"alpha{r}", 100, 300 + (r * 30), 190 + (r == 2 ? 120 : 0), 320 + (r * 30)));
            lines.Add(L($"beta{r}", 330, 300 + (r * 30), 420, 320 + (r * 30)));
            lines.Add(L($"gamma{r}", 560, 300 + (r * 30), 650, 320 + (r * 30)));
        }

        List<Box> rules = [new(319, 290, 321, 420), new(539, 290, 541, 420), new(450, 290, 452, 320), new(250, 290, 252, 420), new(60, 290, 62, 420)];
        var items = LayoutGeometry.Items(lines, 0);
        Assert.Equal([(100, 320), (320, 540), (540, 650)], TableRows.BandsFromRules(LayoutGeometry.Rows(items), rules, TableBuilder.Bands(items)));
        var table = PageLayout.Build(lines, W, H, new PageGraphics([], rules, [])).Single(b => b.Kind == "table").Table!;
        Assert.Equal((4, 3), (table.Rows, table.Columns));
        Assert.Equal("beta2", table.Cells.Single(c => c.Row == 2 && c.Column == 1).Text);
    }

    [Fact]
    public void A_vertical_rule_before_the_last_column_only_leaves_the_columns_before_it_apart()
    {
        var lines = new List<RecognizedLine>();
        for (var r = 0; r < 4; r++)
        {
            lines.Add(L($"new{r}", 100, 300 + (r * 30), 250, 320 + (r * 30)));
            lines.Add(L($"old{r}", 330, 300 + (r * 30), 470, 320 + (r * 30)));
            lines.Add(L($"out{r}", 560, 300 + (r * 30), 650, 320 + (r * 30)));
        }

        List<Box> rules = [new(519, 290, 521, 420)];
        var table = PageLayout.Build(lines, W, H, new PageGraphics([], rules, [])).Single(b => b.Kind == "table").Table!;
        Assert.Equal((4, 3), (table.Rows, table.Columns));
        Assert.Equal("old2", table.Cells.Single(c => c.Row == 2 && c.Column == 1).Text);
    }

    [Fact]
    public void Rules_are_long_thin_dark_runs_and_a_dark_block_or_a_text_row_is_none()
    {
        const int w = 400, h = 300;
        var gray = new byte[w * h];
        Array.Fill(gray, (byte)255);
        void Fill(int x0, int y0, int x1, int y1)
        {
            for (var y = y0; y < y1; y++)
            {
                for (var x = x0; x < x1; x++)
                {
                    gray[(y * w) + x] = 0;
                }
            }
        }

        Fill(20, 50, 380, 52);      // horizontal rule, 2 px
        Fill(20, 100, 200, 101);    // another, with a 2 px break below
        Fill(202, 100, 300, 101);
        Fill(50, 40, 52, 200);      // vertical rule
        Fill(250, 150, 350, 250);   // a dark picture: no rule
        for (var x = 60; x < 200; x += 6)
        {
            Fill(x, 30, x + 4, 38); // letters: short runs
        }

        var (horizontal, vertical) = RulingLines.Find(gray, w, h);
        Assert.Equal([new Box(20, 50, 380, 52), new Box(20, 100, 300, 101)], horizontal);
        Assert.Equal([new Box(50, 40, 52, 200)], vertical);
    }

    [Fact]
    public void Ink_regions_are_connected_cells_with_rules_left_out()
    {
        const int w = 400, h = 400;
        var gray = new byte[w * h];
        Array.Fill(gray, (byte)255);
        for (var y = 100; y < 200; y++)
        {
            for (var x = 100; x < 300; x++)
            {
                gray[(y * w) + x] = (byte)((x + y) % 2 == 0 ? 90 : 160);
            }
        }

        for (var x = 0; x < w; x++)
        {
            gray[(300 * w) + x] = 0;
        }

        var regions = InkRegions.Find(gray, w, h, [new Box(0, 300, w, 301)]);
        Assert.Equal([new Box(100, 100, 300, 200)], regions.Select(r => r.Box));
        Assert.Equal(1f, regions[0].InkShare);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_region_without_text_is_a_figure_in_reading_order_with_its_caption_after_it(bool captionBelow)
    {
        var lines = new List<RecognizedLine>
        {
            L("Text above the figure ends here.", 100, 200, 700, 220),
            L("Figure 1: A picture of the results.", 300, captionBelow ? 620 : 250, 700, captionBelow ? 640 : 270),
            L("Text below the figure.", 100, 700, 600, 720),
            L("42", 200, 400, 230, 420), // a label inside the picture
        };
        var graphics = new PageGraphics([], [], [new InkRegion(new Box(150, 300, 850, 600), 0.9f), new InkRegion(new Box(100, 200, 700, 220), 1f)]);
        var blocks = PageLayout.Build(lines, W, H, graphics);
        Assert.Equal(["paragraph", "figure", "caption", "paragraph"], blocks.Select(b => b.Kind));
        Assert.Equal(new Box(150, 300, 850, 600), blocks[1].Bbox);
        Assert.Equal(["42"], blocks[1].Lines.Select(l => l.Text));
        Assert.Equal("Figure 1: A picture of the results.", blocks[2].Text);
    }

    [Fact]
    public void Justified_prose_split_at_wide_word_gaps_in_two_of_its_lines_is_no_table()
    {
        // A justified paragraph (IEEE PES's bold abstract): the detector cut its first line at the wide gap after the
        // logo and its last full line into four words; the lines between run the whole width.
        // The boxes as the detector drew them at 150 dpi.
        var lines = new List<RecognizedLine>
        {
            L("This LATEX2e", 609, 630, 772, 656), L("package implements the", 760, 632, 1062, 658),
            L("layout requirements for Transactions of the", 609, 657, 1063, 684),
            L("IEEE Power Engineering Society (PES).", 607, 681, 1061, 708),
            L("This covers the Transactions on Energy", 607, 703, 1064, 737),
            L("Conversion (T-EC), Transactions on Power", 610, 733, 1061, 756),
            L("Delivery", 607, 755, 706, 783), L("(T-PWRD),", 720, 756, 857, 782), L("Transactions", 871, 756, 1014, 784), L("on", 1031, 763, 1061, 781),
            L("Power Systems (T-PWRS), and Special", 607, 779, 1063, 806),
            L("Publications. Discussions and closures can", 607, 805, 1064, 832),
            L("also be generated in the required form.", 609, 831, 1024, 858),
        };

        var blocks = PageLayout.Build(lines, 1240, 1650);
        Assert.DoesNotContain(blocks, b => b.Kind == BlockKinds.Table);
        Assert.Equal(
            "This LATEX2e package implements the layout requirements for Transactions of the IEEE Power Engineering Society (PES). This covers the Transactions on Energy Conversion (T-EC), Transactions on Power Delivery (T-PWRD), Transactions on Power Systems (T-PWRS), and Special Publications. Discussions and closures can also be generated in the required form.",
            string.Join(' ', blocks.Select(b => b.Text)));
    }
}
