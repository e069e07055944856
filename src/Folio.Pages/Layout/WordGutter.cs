using Folio.Contracts;

namespace Folio.Pages.Layout;

/// <summary>
/// A gutter the detector drew lines across on most rows (a narrow gutter on a blurred scan: the boxes of both
/// columns' lines run into each other), so that the lines leave no gutter to find: it still shows in the gaps
/// between words. Where the fewest lines have a word, with a gap much wider than a word space there in the lines
/// that cross it, those lines are split into one line per side. <see cref="ColumnStructure"/> keeps the split only
/// when it then finds a gutter there whose sides read as columns.
/// </summary>
internal static class WordGutter
{
    /// <summary>A line is split only at a gap this wide or wider, in its text heights (a word space is about 0.3).</summary>
    public const float MinGapInHeights = 0.7f;

    /// <summary>At most this share of the lines may have a word at the gutter.</summary>
    public const float MaxCoveredShare = 0.2f;

    /// <summary>
    /// The items with the lines across the word gutter split at it, and boxes that reach over it without words there
    /// shrunk to their words; the same items when there is none.
    /// </summary>
    public static IReadOnlyList<LayoutItem> Split(IReadOnlyList<LayoutItem> items, float angle)
    {
        var text = items.Where(i => !i.IsFigure && i.Line.Words.Count > 0).ToList();
        if (text.Count < 8)
        {
            return items;
        }

        float left = text.Min(i => i.Left), right = text.Max(i => i.Right), width = right - left;
        const int bins = 200;
        var counts = new int[bins];
        foreach (var item in text)
        {
            var covered = new bool[bins];
            foreach (var (wordLeft, wordRight) in WordSpans(item))
            {
                var from = Math.Max(0, (int)((wordLeft - left) / width * bins));
                var to = Math.Min(bins - 1, (int)((wordRight - left) / width * bins));
                for (var b = from; b <= to; b++)
                {
                    covered[b] = true;
                }
            }

            for (var b = 0; b < bins; b++)
            {
                counts[b] += covered[b] ? 1 : 0;
            }
        }

        // The emptiest bin of the inner 70 %, the middle one of a run of equals.
        var inner = Enumerable.Range((int)(0.15f * bins), (int)(0.7f * bins)).ToList();
        var least = inner.Min(b => counts[b]);
        if (least > MaxCoveredShare * text.Count)
        {
            return items;
        }

        var run = inner.Where(b => counts[b] == least).ToList();
        var x = left + ((run[run.Count / 2] + 0.5f) * width / bins);
        return items.SelectMany(i => SplitAt(i, x, angle)).ToList();
    }

    // The item's words as spans in the deskewed frame: a word keeps its offset from the line's start.
    private static IEnumerable<(float Left, float Right)> WordSpans(LayoutItem item)
    {
        var origin = item.PageBox.Left;
        return item.Line.Words.Where(w => w.Text.Trim().Length > 0).Select(w => (item.Left + w.Bbox.Left - origin, item.Left + w.Bbox.Right - origin));
    }

    private static List<LayoutItem> SplitAt(LayoutItem item, float x, float angle)
    {
        if (item.IsFigure || item.Left >= x || item.Right <= x)
        {
            return [item];
        }

        var words = item.Line.Words.Where(w => w.Text.Trim().Length > 0).OrderBy(w => w.Bbox.Left).ToList();
        var spans = WordSpans(item).OrderBy(s => s.Left).ToList();
        if (spans.Count > 0 && (spans[^1].Right <= x || spans[0].Left >= x))
        {
            // The box reaches over the gutter, its words do not: boxed around its words, it keeps to its side.
            return WideGaps.Parts(item, [words], angle);
        }

        for (var k = 1; k < spans.Count; k++)
        {
            if (spans[k - 1].Right <= x && spans[k].Left >= x && spans[k].Left - spans[k - 1].Right >= MinGapInHeights * item.TextHeight)
            {
                return WideGaps.Parts(item, [words.Take(k).ToList(), words.Skip(k).ToList()], angle);
            }
        }

        return [item];
    }
}
