using Folio.Ocr.Recognition;
using Folio.Pages.Layout;
using static Folio.Ocr.Tests.LayoutTests;

namespace Folio.Ocr.Tests;

/// <summary>Three columns and mixed sections on a 1000 × 1400 px page with 20 px lines.</summary>
public class ColumnLayoutTests
{
    private const float W = 1000, H = 1400;

    /// <summary>
    /// Columns of <paramref name="count"/> between x 100 and 900 with a 40 px gutter, starting at <paramref name="top"/>:
    /// two paragraphs of four rows each per column; returns the bottom.
    /// </summary>
    internal static float Columns(List<RecognizedLine> lines, List<string> expected, int count, float top, string name)
    {
        var width = (800 - (40 * (count - 1))) / count;
        var bottom = top;
        for (var c = 0; c < count; c++)
        {
            var x0 = 100 + (c * (width + 40));
            var paragraph = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                var y = top + (i * 28) + (i >= 4 ? 20 : 0);
                var right = i is 3 or 7 ? x0 + (width / 2) : x0 + width;
                var text = Words($"{name}{c} {i}", right - x0) + (i is 3 or 7 ? "." : "");
                lines.Add(L(text, x0, y, right, y + 20));
                paragraph.Add(text);
                bottom = MathF.Max(bottom, y + 20);
                if (i is 3 or 7)
                {
                    expected.Add(string.Join(' ', paragraph));
                    paragraph.Clear();
                }
            }
        }

        return bottom;
    }

    [Fact]
    public void Three_columns_read_column_by_column()
    {
        var lines = new List<RecognizedLine>();
        var expected = new List<string>();
        Columns(lines, expected, 3, 200, "c");
        var blocks = PageLayout.Build(Shuffle(lines), W, H);
        Assert.Equal(expected, blocks.Select(b => b.Text));
    }

    [Fact]
    public void A_title_then_two_columns_then_three_columns_read_section_by_section()
    {
        var lines = new List<RecognizedLine> { L("Sections of Columns", 250, 100, 750, 145) };
        var expected = new List<string> { "Sections of Columns" };
        var bottom = Columns(lines, expected, 2, 200, "two");
        Columns(lines, expected, 3, bottom + 40, "three");
        var blocks = PageLayout.Build(Shuffle(lines), W, H);
        Assert.Equal(expected, blocks.Select(b => b.Text));
        Assert.Equal("title", blocks[0].Kind);
    }

    [Fact]
    public void Sides_of_two_gutters_are_three_lists_and_lines_across_a_gutter_are_left_out()
    {
        List<RecognizedLine> lines = [L("a", 0, 0, 90, 20), L("b", 110, 0, 190, 20), L("c", 210, 0, 300, 20), L("across", 50, 40, 150, 60)];
        var items = LayoutGeometry.Items(lines, 0);
        var sides = ColumnCutter.SidesOf(items, [(90, 110), (190, 210)]);
        Assert.Equal(["a", "b", "c"], sides.Select(s => string.Join(',', s.Select(i => i.Line.Text))));
    }

    private static List<RecognizedLine> Shuffle(List<RecognizedLine> lines) => lines.OrderBy(l => l.Text.GetHashCode(StringComparison.Ordinal)).ToList();
}
