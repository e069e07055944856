using Folio.Contracts;
using Folio.Pages.Geometry;
using Folio.Pages.Layout;

namespace Folio.Ocr.Tests;

/// <summary>
/// A narrow gutter that the detector drew every line across (as on a blurred scan): 1000 × 1400 px, 20-px type,
/// columns 100–480 and 500–880, a 20-px gutter that only the gaps between words show.
/// </summary>
public class WordGutterTests
{
    private const float W = 1000, H = 1400, Height = 20;

    // Words of prose from x0 to x1 (justified: the last one ends at x1), 30–70 px wide by row and place, 10-px
    // spaces, the first one named.
    private static List<Word> Words(string name, float x0, float x1, float top, int row)
    {
        var words = new List<Word>();
        var x = x0;
        for (var k = 0; ; k++)
        {
            var width = 30 + (((row * 7) + (k * 13)) % 5 * 10);
            if (x + width + 10 + 30 > x1)
            {
                words.Add(new Word(k == 0 ? name : "word", new Box(x, top, x1, top + Height), 0.99f));
                return words;
            }

            words.Add(new Word(k == 0 ? name : "word", new Box(x, top, x + width, top + Height), 0.99f));
            x += width + 10;
        }
    }

    private static RecognizedLine Line(List<Word> words)
    {
        float left = words.Min(w => w.Bbox.Left), right = words.Max(w => w.Bbox.Right), top = words[0].Bbox.Top;
        var quad = new Quad(new PointF(left, top), new PointF(right, top), new PointF(right, top + Height), new PointF(left, top + Height));
        return new RecognizedLine(string.Join(' ', words.Select(w => w.Text)), 0.99f, quad, words);
    }

    /// <summary>Twenty rows, each one line across both columns: left words 100–480, right words 500–880.</summary>
    private static List<RecognizedLine> Page(float gutterGap)
    {
        var lines = new List<RecognizedLine>();
        for (var row = 0; row < 20; row++)
        {
            var top = 200 + (row * 30);
            var left = Words($"L{row}", 100, 480, top, row);
            var right = Words($"R{row}", 480 + gutterGap, 880, top, row + 3);
            lines.Add(Line([.. left, .. right]));
        }

        return lines;
    }

    [Fact]
    public void Lines_drawn_across_a_narrow_gutter_are_read_column_by_column()
    {
        var blocks = PageLayout.Build(Page(gutterGap: 20), W, H);
        var text = string.Join(' ', blocks.Select(b => b.Text));
        var order = text.Split(' ').Where(t => t.StartsWith('L') || t.StartsWith('R')).ToList();
        // Every left-column row before every right-column row, each column top to bottom.
        Assert.Equal(Enumerable.Range(0, 20).Select(r => $"L{r}").Concat(Enumerable.Range(0, 20).Select(r => $"R{r}")), order);
    }

    [Fact]
    public void Lines_whose_gaps_are_word_spaces_stay_whole()
    {
        // The same rows with a word space (10 px) where the gutter was: one column of full-width lines.
        var blocks = PageLayout.Build(Page(gutterGap: 10), W, H);
        var order = string.Join(' ', blocks.Select(b => b.Text)).Split(' ').Where(t => t.StartsWith('L') || t.StartsWith('R')).ToList();
        Assert.Equal(Enumerable.Range(0, 20).SelectMany(r => new[] { $"L{r}", $"R{r}" }), order);
    }

    [Fact]
    public void The_split_is_pure_geometry_of_the_words()
    {
        var items = Page(gutterGap: 20).Select(l => new LayoutItem(l, l.Quad.TopLeft.X, l.Quad.TopLeft.Y, l.Quad.TopRight.X, l.Quad.BottomRight.Y)).ToList();
        var split = WordGutter.Split(items, 0);
        Assert.Equal(40, split.Count);
        Assert.All(split, i => Assert.True(i.Right <= 481 || i.Left >= 499, $"{i.Left}–{i.Right} crosses the gutter"));
    }
}
