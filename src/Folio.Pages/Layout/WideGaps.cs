using Folio.Contracts;
using Folio.Pages.Geometry;

namespace Folio.Pages.Layout;

/// <summary>
/// Lines the detector drew across a column gutter or between table cells (on two-column pages whose baselines line
/// up, one box may run from one column into the other): a gap between words of <see cref="MinGapInHeights"/> line
/// heights or more splits the line into one line per side, so that no line crosses a gutter it does not belong to.
/// Lines without word boxes (and text-layer lines, already split at such gaps) stay as they are. A left-column line
/// run over a gutter (<see cref="IsOverrun"/>) stays whole in the left column.
/// </summary>
internal static class WideGaps
{
    /// <summary>Narrowest gap between words that splits a line, in its text heights: word spaces are about 0.3.</summary>
    public const float MinGapInHeights = 1.5f;

    /// <summary>The item, or its parts left to right when its words have wide gaps between them.</summary>
    public static IEnumerable<LayoutItem> Split(LayoutItem item, float angle)
    {
        var words = item.Line.Words.Where(w => w.Text.Trim().Length > 0).OrderBy(w => w.Bbox.Left).ToList();
        if (item.IsFigure || words.Count < 2)
        {
            return [item];
        }

        var parts = new List<List<Word>> { new() { words[0] } };
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].Bbox.Left - parts[^1].Max(w => w.Bbox.Right) >= MinGapInHeights * item.TextHeight)
            {
                parts.Add([]);
            }

            parts[^1].Add(words[i]);
        }

        if (parts.Count == 1)
        {
            return [item];
        }

        return Parts(item, parts, angle);
    }

    /// <summary>
    /// A line the detector drew from one column into the other (their baselines line up): when it crosses the gutter
    /// with column lines on both sides of the gutter right above or below it, it is split at the word gap nearest the
    /// gutter's middle (or, without one, where the words' middles pass it). A left-column line run over the gutter
    /// (<see cref="IsOverrun"/>) is boxed up to the gutter instead, so that it reads in the left column; other lines
    /// stay as they are.
    /// </summary>
    public static List<LayoutItem> SplitAcross(IReadOnlyList<LayoutItem> items, (float Start, float End, float Center) gutter, float angle)
    {
        bool Crosses(LayoutItem i) => i.Left <= gutter.Start + 1 && i.Right >= gutter.End - 1;
        var columnLines = items.Where(i => !Crosses(i) && !i.IsFigure).ToList();
        var result = new List<LayoutItem>(items.Count);
        foreach (var item in items)
        {
            var h = item.Height;
            var words = item.Line.Words.Where(w => w.Text.Trim().Length > 0).OrderBy(w => w.Bbox.Left).ToList();
            if (Crosses(item) && !item.IsFigure && IsOverrun(item, items, gutter))
            {
                // A left-column line run over the gutter: it stays in the left column, whole.
                result.Add(new LayoutItem(item.Line, item.Left, item.Top, MathF.Min(item.Right, gutter.Start), item.Bottom));
                continue;
            }

            if (!Crosses(item) || item.IsFigure || !IsMerged(item, columnLines, gutter.Center))
            {
                result.Add(item);
                continue;
            }

            var cut = Enumerable.Range(1, Math.Max(0, words.Count - 1))
                .Select(k => (k, Middle: (words[k - 1].Bbox.Right + words[k].Bbox.Left) / 2))
                .Where(g => g.Middle >= gutter.Start - h && g.Middle <= gutter.End + h)
                .OrderBy(g => MathF.Abs(g.Middle - gutter.Center))
                .Select(g => g.k)
                .FirstOrDefault();
            // No gap there (a glyph of the gutter's noise read into a word): split where the words' middles pass the gutter's.
            cut = cut > 0 ? cut : words.FindIndex(w => (w.Bbox.Left + w.Bbox.Right) / 2 > gutter.Center);
            if (cut <= 0)
            {
                // All on one side but a letter's reach into the other: the line keeps to the side of most of it.
                var leftward = gutter.Center - item.Left >= item.Right - gutter.Center;
                result.Add(new LayoutItem(item.Line, leftward ? item.Left : MathF.Max(item.Left, gutter.End), item.Top, leftward ? MathF.Min(item.Right, gutter.Start) : item.Right, item.Bottom));
                continue;
            }

            result.AddRange(Parts(item, [words.Take(cut).ToList(), words.Skip(cut).ToList()], angle));
        }

        return result;
    }

    /// <summary>
    /// Whether a line across <paramref name="x"/> is two column lines drawn as one: in the rows right above or below
    /// it (within 1.6 of its height) stand a column line starting where it starts and one right of <paramref name="x"/>,
    /// and it starts where the left column does. A line of a middle column in three is not.
    /// </summary>
    public static bool IsMerged(LayoutItem item, IReadOnlyList<LayoutItem> columnLines, float x)
    {
        var near = columnLines.Where(r => MathF.Abs(r.CenterY - item.CenterY) <= 1.6f * item.Height && MathF.Abs(r.CenterY - item.CenterY) >= 0.5f * item.Height).ToList();
        var leftColumn = columnLines.Where(r => r.Right <= x).ToList();
        return leftColumn.Count > 0 && MathF.Abs(leftColumn.Min(r => r.Left) - item.Left) <= item.Height
            && near.Any(r => r.Right <= x && MathF.Abs(r.Left - item.Left) <= item.Height) && near.Any(r => r.Left >= x);
    }

    /// <summary>
    /// Whether a line across the gutter is a left-column line run over it (a long formula or URL): it starts where
    /// the left column's lines start, with such a line right above or below it (within 1.6 of its height) and no
    /// other line across the gutter there (the last line of a paragraph across the columns is not one), it ends
    /// before the right column does, and its words run on across the gutter's middle with no gap of
    /// <see cref="WordGutter.MinGapInHeights"/> text heights or more there (two column lines drawn as one leave the
    /// gutter's gap between them). A line without word boxes is not one.
    /// </summary>
    public static bool IsOverrun(LayoutItem item, IReadOnlyList<LayoutItem> items, (float Start, float End, float Center) gutter)
    {
        bool Crosses(LayoutItem i) => i.Left <= gutter.Start + 1 && i.Right >= gutter.End - 1;
        var leftColumn = items.Where(i => !i.IsFigure && i.Right <= gutter.Center).ToList();
        var rightColumn = items.Where(i => !i.IsFigure && i.Left >= gutter.Center).ToList();
        if (leftColumn.Count == 0 || rightColumn.Count == 0 || MathF.Abs(leftColumn.Min(i => i.Left) - item.Left) > item.Height
            || item.Right >= rightColumn.Max(i => i.Right) - item.Height)
        {
            return false;
        }

        var near = items.Where(r => r != item && !r.IsFigure && MathF.Abs(r.CenterY - item.CenterY) <= 1.6f * item.Height && MathF.Abs(r.CenterY - item.CenterY) >= 0.5f * item.Height).ToList();
        if (near.Any(Crosses) || !near.Any(r => r.Right <= gutter.Center && MathF.Abs(r.Left - item.Left) <= item.Height))
        {
            return false;
        }

        // The words' spans in the deskewed frame, each at its offset from the line's start.
        var origin = item.PageBox.Left;
        var spans = item.Line.Words.Where(w => w.Text.Trim().Length > 0).Select(w => (Left: item.Left + w.Bbox.Left - origin, Right: item.Left + w.Bbox.Right - origin)).ToList();
        if (spans.Count == 0)
        {
            return false;
        }

        if (spans.Any(w => w.Left <= gutter.Center && w.Right >= gutter.Center))
        {
            return true;
        }

        var before = spans.Where(w => w.Right < gutter.Center).Select(w => w.Right).DefaultIfEmpty(item.Left).Max();
        var after = spans.Where(w => w.Left > gutter.Center).Select(w => w.Left).DefaultIfEmpty(item.Right).Min();
        return after - before < WordGutter.MinGapInHeights * item.TextHeight;
    }

    /// <summary>The item as one line per group of its words, each boxed around its words.</summary>
    internal static List<LayoutItem> Parts(LayoutItem item, List<List<Word>> parts, float angle)
    {
        var page = item.PageBox;
        return parts.Select(part =>
        {
            float left = part.Min(w => w.Bbox.Left), right = part.Max(w => w.Bbox.Right);
            var quad = new Quad(new PointF(left, page.Top), new PointF(right, page.Top), new PointF(right, page.Bottom), new PointF(left, page.Bottom));
            // The line's last mark ends its last part only.
            var line = new RecognizedLine(string.Join(' ', part.Select(w => w.Text.Trim())), item.Line.Confidence, quad, part, part == parts[^1] ? item.Line.EndMarkAlternative : null);
            return LayoutGeometry.Items([line], angle)[0];
        }).ToList();
    }
}
