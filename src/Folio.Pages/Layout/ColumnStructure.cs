namespace Folio.Pages.Layout;

/// <summary>
/// Column structure before any horizontal cut: a vertical gutter that runs down most of the body (the x where the
/// fewest lines lie, with prose columns on both sides, or prose beside a table of contents or a numbered list, that
/// stand beside each other over a good part of the body)
/// splits the body into bands. Lines that cross the gutter (titles, author blocks, abstracts, figures and tables
/// across the columns), with whatever stands beside them, make full-width bands in place; between them, column bands
/// read column by column. Each column and each full-width band is structured again (three columns, an author grid)
/// and what has no gutter left goes to <see cref="ColumnCutter"/>. Section headings stay in their column, whatever
/// lines up with them in the other.
/// </summary>
internal static class ColumnStructure
{
    /// <summary>
    /// Both sides of a gutter must stand beside each other over at least this share of the height of the region's
    /// lines that do not cross it.
    /// </summary>
    public const float MinSideBySideShare = 0.3f;

    /// <summary>
    /// A gutter that runs down the body may be this narrow, as a share of the narrowest gap between columns elsewhere:
    /// OCR boxes, grown around their text, eat into it, and prose on both sides vouches for it.
    /// </summary>
    public const float MinGutterShare = 0.3f;

    /// <summary>At most this share of the region's lines may cross a gutter.</summary>
    public const float MaxCrossingShare = 0.35f;

    /// <summary>Cuts the items into flow regions in reading order.</summary>
    /// <param name="items">The body's lines (and figures).</param>
    /// <param name="gutter">Narrowest gap between columns, in pixels.</param>
    /// <param name="angle">The page's skew (<see cref="LayoutGeometry.SkewAngle"/>), for lines split at the gutter.</param>
    public static List<List<LayoutItem>> Cut(IReadOnlyList<LayoutItem> items, float gutter, float angle = 0)
    {
        var output = new List<List<LayoutItem>>();
        Cut(items, gutter, angle, output, 0);
        return output;
    }

    private static void Cut(IReadOnlyList<LayoutItem> items, float gutter, float angle, List<List<LayoutItem>> output, int depth)
    {
        var found = depth < 4 ? FindGutter(items, MinGutterShare * gutter) : null;
        if (found is null && depth < 4)
        {
            // No gutter between the lines: perhaps one between the words of lines drawn across it. The words vouch for
            // its width; between the boxes of the lines beside it, grown around their text, little of it may show.
            var split = WordGutter.Split(items, angle);
            if (!ReferenceEquals(split, items) && FindGutter(split, 1f) is { } byWords)
            {
                (items, found) = (split, byWords);
            }
        }

        if (found is not { } g)
        {
            output.AddRange(ColumnCutter.Cut(items, gutter));
            return;
        }

        items = WideGaps.SplitAcross(items, g, angle);
        var width = items.Max(i => i.Right) - items.Min(i => i.Left);
        foreach (var (band, fullWidth) in Bands(items, g))
        {
            if (fullWidth || IsTableAcross(band, g, width))
            {
                Cut(band, gutter, angle, output, depth + 1);
                continue;
            }

            Cut(band.Where(i => i.Right <= g.Center).ToList(), gutter, angle, output, depth + 1);
            Cut(band.Where(i => i.Right > g.Center).ToList(), gutter, angle, output, depth + 1);
        }
    }

    /// <summary>
    /// The region's main gutter, if it has one: among the x positions inside the region covered by the fewest lines,
    /// the free interval (once the lines crossing it, which must cross all of it, are set aside) at least
    /// <paramref name="minWidth"/> wide whose
    /// sides both read as text columns (<see cref="ColumnSides.IsColumn"/>), stand beside each other over
    /// <see cref="MinSideBySideShare"/> of the height of the lines not crossing it or more, and leave at most <see cref="MaxCrossingShare"/>
    /// of the lines crossing; of several, the one whose sides stand beside each other the furthest.
    /// </summary>
    internal static (float Start, float End, float Center)? FindGutter(IReadOnlyList<LayoutItem> items, float minWidth)
    {
        var text = items.Where(i => !i.IsFigure).ToList();
        if (text.Count < 8)
        {
            return null;
        }

        float left = text.Min(i => i.Left), right = text.Max(i => i.Right), width = right - left;
        if (width < 4 * minWidth)
        {
            return null;
        }

        // Lines covering each of 200 bins across the region's inner 70 %.
        const int bins = 200;
        var counts = new int[bins];
        foreach (var item in text)
        {
            var from = Math.Max(0, (int)MathF.Ceiling((item.Left - left) / width * bins));
            var to = Math.Min(bins - 1, (int)MathF.Floor((item.Right - left) / width * bins));
            for (var b = from; b <= to; b++)
            {
                counts[b]++;
            }
        }

        var inner = Enumerable.Range((int)(0.15f * bins), (int)(0.7f * bins)).ToList();
        (float Start, float End, float Center)? best = null;
        float bestSideBySide = 0;
        var tried = new HashSet<(float, float)>();
        foreach (var level in inner.Select(b => counts[b]).Distinct().Order().Take(3))
        {
            foreach (var b in inner.Where(b => counts[b] == level))
            {
                Try(left + ((b + 0.5f) * width / bins));
            }
        }

        return best;

        void Try(float x)
        {
            // A mark of three characters or fewer in the gutter (a footnote number, an equation's stray index) is no line across it.
            var covering = text.Where(i => i.Left < x && i.Right > x).ToList();
            var crossing = covering.Where(i => i.Line.Text.Trim().Length > 3).ToList();
            var rest = text.Except(covering).ToList();

            // Lines with column lines on both sides right above or below them are two column lines the detector
            // drew as one (split later, <see cref="WideGaps.SplitAcross"/>): they do not count against the gutter.
            var merged = crossing.Where(i => WideGaps.IsMerged(i, rest, x)).ToList();
            if (crossing.Count - merged.Count > MaxCrossingShare * text.Count || crossing.Count > 0.5f * text.Count)
            {
                return;
            }

            float start = rest.Where(i => i.Right <= x).Select(i => i.Right).DefaultIfEmpty(left).Max();
            float end = rest.Where(i => i.Left >= x).Select(i => i.Left).DefaultIfEmpty(right).Min();

            // Lines across a gutter cross all of it (a title, an abstract): a long one ending inside it is a column's own.
            if (!tried.Add((start, end)) || end - start < minWidth || crossing.Any(i => (i.Left > start || i.Right < end) && i.Width >= 0.25f * width))
            {
                return;
            }

            var leftSide = rest.Where(i => i.Right <= start).ToList();
            var rightSide = rest.Where(i => i.Left >= end).ToList();
            if (leftSide.Count < 3 || rightSide.Count < 3 || !ColumnSides.AreColumns(leftSide, rightSide, width))
            {
                return;
            }

            if (ColumnSides.ContentsPageNumbers(leftSide, rightSide, width) is { } numbers)
            {
                // Inside a table of contents: the gutter, if any, lies right of its page numbers.
                var numbersEnd = numbers.Max(i => i.Right);
                if (rightSide.Where(i => i.Left > numbersEnd).Select(i => i.Left).DefaultIfEmpty().Min() is var beyond && beyond > numbersEnd)
                {
                    Try((numbersEnd + beyond) / 2);
                }

                return;
            }

            // The gutter the columns stand beside each other along the furthest: a two-column section's, not a gutter
            // of a three-column section under it. The share is of the height the lines beside the gutter take, so
            // that titles, author blocks and abstracts across the columns above them (a first page) do not count.
            var sideBySide = SideBySide(leftSide, rightSide);
            var besideHeight = rest.Max(i => i.Bottom) - rest.Min(i => i.Top);
            if (sideBySide >= MinSideBySideShare * besideHeight && sideBySide >= bestSideBySide)
            {
                (best, bestSideBySide) = ((start, end, (start + end) / 2), sideBySide);
            }
        }
    }

    /// <summary>
    /// Whether a column band is a table across the gutter rather than two columns: no prose on either side
    /// (<see cref="ColumnSides.IsColumn"/>), and three rows or more, half its rows or more, with lines on both sides (a table
    /// set across the page whose last column stands in the right column).
    /// </summary>
    internal static bool IsTableAcross(List<LayoutItem> band, (float Start, float End, float Center) gutter, float regionWidth)
    {
        var text = band.Where(i => !i.IsFigure).ToList();
        List<LayoutItem> left = [.. text.Where(i => i.Right <= gutter.Center)], right = [.. text.Where(i => i.Right > gutter.Center)];
        if (left.Count < 3 || right.Count < 3 || ColumnSides.IsColumn(left, regionWidth) || ColumnSides.IsColumn(right, regionWidth))
        {
            return false;
        }

        var rows = LayoutGeometry.Rows(text);
        var both = rows.Count(r => r.Any(i => i.Right <= gutter.Center) && r.Any(i => i.Right > gutter.Center));
        return both >= 3 && both >= 0.5f * rows.Count;
    }

    /// <summary>
    /// Bands top to bottom: runs of lines that cross the gutter, with every line whose middle lies beside one of them,
    /// are full-width; what lies between them is a column band.
    /// </summary>
    internal static List<(List<LayoutItem> Items, bool FullWidth)> Bands(IReadOnlyList<LayoutItem> items, (float Start, float End, float Center) gutter)
    {
        var crossing = items.Where(i => i.Left <= gutter.Start + 1 && i.Right >= gutter.End - 1).ToList();
        var across = crossing.Concat(Centred(items.Except(crossing).ToList(), gutter).SelectMany(r => r)).ToList();
        var spans = Union(across.Select(i => (i.Top, i.Bottom)), 1f);

        // Spans with nothing between them (paragraphs of a section in three columns) are one.
        for (var k = spans.Count - 1; k > 0; k--)
        {
            if (!items.Any(i => i.CenterY > spans[k - 1].End && i.CenterY < spans[k].Start))
            {
                spans[k - 1] = (spans[k - 1].Start, spans[k].End);
                spans.RemoveAt(k);
            }
        }

        var spanLefts = spans.Select(s => across.Where(i => i.CenterY >= s.Start && i.CenterY <= s.End).Min(i => i.Left)).ToList();

        // A line right under a span, no further than half its height and starting where the span's lines start, is the
        // short last line of a paragraph across the columns.
        bool Under(LayoutItem item, int s) => item.Top >= spans[s].End && item.Top - spans[s].End < 0.5f * item.Height && MathF.Abs(item.Left - spanLefts[s]) <= item.Height;

        // Column band k lies below k spans; full-width band k is span k: keys C0 F0 C1 F1 ... in reading order.
        int Key(LayoutItem item)
        {
            var span = spans.FindIndex(s => item.CenterY >= s.Start && item.CenterY <= s.End);
            span = span >= 0 ? span : Enumerable.Range(0, spans.Count).FirstOrDefault(s => Under(item, s), -1);
            return span >= 0 ? (2 * span) + 1 : 2 * spans.Count(s => s.End < item.CenterY);
        }

        var bands = items.GroupBy(Key).OrderBy(g => g.Key).Select(g => (Items: g.ToList(), FullWidth: g.Key % 2 == 1)).ToList();

        // One row between full-width bands (the short last lines of paragraphs in three columns) goes with the band above.
        for (var k = bands.Count - 1; k > 0; k--)
        {
            if (!bands[k].FullWidth && bands[k - 1].FullWidth && LayoutGeometry.Rows(bands[k].Items).Count == 1)
            {
                bands[k - 1].Items.AddRange(bands[k].Items);
                bands.RemoveAt(k);
                if (k < bands.Count && bands[k].FullWidth)
                {
                    bands[k - 1].Items.AddRange(bands[k].Items);
                    bands.RemoveAt(k);
                }
            }
        }

        return bands;
    }

    /// <summary>
    /// Rows with lines on both sides of the gutter that keep to the inner three quarters of their columns, centred on
    /// the gutter and close to it: a table or a formula centred on the page, which reads across the gutter.
    /// </summary>
    private static IEnumerable<List<LayoutItem>> Centred(List<LayoutItem> items, (float Start, float End, float Center) gutter)
    {
        if (items.Count == 0)
        {
            return [];
        }

        float left = items.Min(i => i.Left), right = items.Max(i => i.Right);
        float innerLeft = left + (0.25f * (gutter.Start - left)), innerRight = right - (0.25f * (right - gutter.End));
        return LayoutGeometry.Rows(items).Where(r =>
        {
            var before = r.Where(i => i.Right <= gutter.Center).ToList();
            var after = r.Where(i => i.Left >= gutter.Center).ToList();
            float rowLeft = r.Min(i => i.Left), rowRight = r.Max(i => i.Right);
            return before.Count > 0 && after.Count > 0 && rowLeft >= innerLeft && rowRight <= innerRight
                && MathF.Abs(((rowLeft + rowRight) / 2) - gutter.Center) <= 0.05f * (right - left)
                && after.Min(i => i.Left) - before.Max(i => i.Right) <= 4 * (gutter.End - gutter.Start);
        });
    }

    /// <summary>How far, vertically, the two sides stand beside each other: the length of the intersection of their y extents (unions of line spans).</summary>
    private static float SideBySide(List<LayoutItem> a, List<LayoutItem> b)
    {
        var ua = Union(a.Select(i => (i.Top, i.Bottom)), 0.5f);
        var ub = Union(b.Select(i => (i.Top, i.Bottom)), 0.5f);
        float total = 0;
        foreach (var x in ua)
        {
            foreach (var y in ub)
            {
                total += MathF.Max(0, MathF.Min(x.End, y.End) - MathF.Max(x.Start, y.Start));
            }
        }

        return total;
    }

    /// <summary>Union of intervals, with gaps under <paramref name="lines"/> of the interval's height closed: sorted, disjoint.</summary>
    private static List<(float Start, float End)> Union(IEnumerable<(float Start, float End)> spans, float lines)
    {
        var result = new List<(float Start, float End)>();
        foreach (var (s, e) in spans.OrderBy(x => x.Start))
        {
            var slack = lines * (e - s);
            if (result.Count > 0 && s <= result[^1].End + slack)
            {
                result[^1] = (result[^1].Start, MathF.Max(result[^1].End, e));
            }
            else
            {
                result.Add((s, e));
            }
        }

        return result;
    }
}
