using Folio.Contracts;
using Folio.Pages.Geometry;
using Folio.Pages.Layout;

namespace Folio.Ocr.Tests;

/// <summary>
/// A left-column line run over the gutter (a long formula or URL) on a 1000 × 1400 px page with 20 px type: columns
/// 100–480 and 520–900, sixteen rows 28 px apart from y 200, the right column blank beside the long line.
/// </summary>
public class OverrunLineTests
{
    private const float W = 1000, H = 1400;

    /// <summary>A line of words from <paramref name="x0"/> to about <paramref name="x1"/>: 50-px words, 10-px spaces, the first one named.</summary>
    private static RecognizedLine Line(string name, float x0, float x1, float top, bool last = false)
    {
        var words = new List<Word>();
        for (var x = x0; x + 50 <= x1 + 1; x += 60)
        {
            words.Add(new Word(words.Count == 0 ? name : "word", new Box(x, top, x + 50, top + 20), 0.99f));
        }

        if (last)
        {
            words[^1] = words[^1] with { Text = "word." };
        }

        float right = words[^1].Bbox.Right;
        var quad = new Quad(new PointF(x0, top), new PointF(right, top), new PointF(right, top + 20), new PointF(x0, top + 20));
        return new RecognizedLine(string.Join(' ', words.Select(w => w.Text)), 0.99f, quad, words);
    }

    /// <summary>The page: the left column's row 6 runs to <paramref name="overrunTo"/>; the right column has no rows 4 to 7.</summary>
    private static List<RecognizedLine> Page(float overrunTo)
    {
        var lines = new List<RecognizedLine>();
        for (var row = 0; row < 16; row++)
        {
            var top = 200 + (row * 28);
            lines.Add(Line($"left{row}", 100, row == 6 ? overrunTo : row is 7 or 15 ? 280 : 460, top, last: row is 7 or 15));
            if (row is < 4 or > 7)
            {
                lines.Add(Line($"right{row}", 520, 880, top, last: row is 3 or 15));
            }
        }

        return lines;
    }

    [Theory]
    [InlineData(640)]
    [InlineData(760)]
    public void A_left_column_line_run_over_the_gutter_stays_in_the_left_column_whole(float overrunTo)
    {
        var blocks = PageLayout.Build(Page(overrunTo), W, H);
        var text = string.Join(' ', blocks.Select(b => b.Text));
        var lastLeft = text.IndexOf("left15", StringComparison.Ordinal);
        Assert.True(lastLeft >= 0 && lastLeft < text.IndexOf("right0", StringComparison.Ordinal), text);
        Assert.True(text.IndexOf("left5", StringComparison.Ordinal) < text.IndexOf("left6", StringComparison.Ordinal), text);
        Assert.Contains(blocks, b => b.Text.Contains("left6", StringComparison.Ordinal) && b.Text.Contains("left7", StringComparison.Ordinal) && !b.Text.Contains("right", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(640, 0, true)] // a word across the gutter's middle
    [InlineData(640, 20, false)] // a gutter-wide gap: two column lines drawn as one
    [InlineData(640, 12, true)] // a word space at the gutter
    [InlineData(900, 0, false)] // to the right column's end: a line across the columns
    public void A_line_across_the_gutter_is_an_overrun_when_its_words_run_on_across_it(float right, float gapAtGutter, bool overrun)
    {
        var gutter = (Start: 480f, End: 520f, Center: 500f);
        List<LayoutItem> column = [.. LayoutGeometry.Items([Line("above", 100, 460, 172), Line("below", 100, 460, 228), Line("right", 520, 900, 172)], 0)];
        var words = new List<Word> { new("start", new Box(100, 200, 300, 220), 1) };
        words.AddRange(gapAtGutter == 0
            ? [new Word("across", new Box(310, 200, right, 220), 1)]
            : [new Word("before", new Box(310, 200, 500 - (gapAtGutter / 2), 220), 1), new Word("after", new Box(500 + (gapAtGutter / 2), 200, right, 220), 1)]);
        var quad = new Quad(new PointF(100, 200), new PointF(right, 200), new PointF(right, 220), new PointF(100, 220));
        var item = LayoutGeometry.Items([new RecognizedLine(string.Join(' ', words.Select(w => w.Text)), 1, quad, words)], 0)[0];
        Assert.Equal(overrun, WideGaps.IsOverrun(item, [.. column, item], gutter));
    }

    [Fact]
    public void The_last_line_of_a_paragraph_across_the_columns_is_no_overrun()
    {
        var gutter = (Start: 480f, End: 520f, Center: 500f);
        var items = LayoutGeometry.Items([Line("across", 100, 900, 172), Line("last", 100, 640, 200), Line("below", 100, 460, 228), Line("right", 520, 900, 228)], 0);
        Assert.False(WideGaps.IsOverrun(items[1], items, gutter));
    }
}
