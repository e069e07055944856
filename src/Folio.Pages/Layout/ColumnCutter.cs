namespace Folio.Pages.Layout;

/// <summary>
/// Recursive XY-cut over text lines. The region is cut into horizontal strips (lines whose middles overlap in y);
/// consecutive strips that share a vertical gutter form a section, and a section whose two sides both read like
/// prose columns (lines filling a wide column) is cut at the gutter (at every gutter at once for three columns or more) and each side is cut again. Everything else
/// stays in single-column flow, in which rows, paragraphs and tables are found later. Full-width titles between
/// column sections break the sections, so they stay in place.
/// </summary>
internal static class ColumnCutter
{
    /// <summary>A side of a gutter is a prose column when its 75th-percentile line fills this much of its width.</summary>
    public const float ProseFill = 0.6f;

    /// <summary>A side of a gutter is a column only when it is at least this fraction of the region's width.</summary>
    public const float MinColumnShare = 0.2f;

    /// <summary>Cuts the items into flow regions in reading order.</summary>
    /// <param name="items">The region's lines.</param>
    /// <param name="gutter">Narrowest gap between columns, in pixels.</param>
    public static List<List<LayoutItem>> Cut(IReadOnlyList<LayoutItem> items, float gutter)
    {
        var output = new List<List<LayoutItem>>();
        Cut(items, gutter, output, 0);
        return output;
    }

    private static void Cut(IReadOnlyList<LayoutItem> items, float gutter, List<List<LayoutItem>> output, int depth)
    {
        if (items.Count < 4 || depth > 6)
        {
            Add(output, items);
            return;
        }

        var strips = Strips(items);
        float regionLeft = items.Min(i => i.Left), regionRight = items.Max(i => i.Right);
        var flow = new List<LayoutItem>();
        var s = 0;
        while (s < strips.Count)
        {
            var free = FreeIntervals(strips[s], regionLeft, regionRight, gutter);
            var e = s + 1;
            while (e < strips.Count && free.Count > 0)
            {
                var own = FreeIntervals(strips[e], regionLeft, regionRight, gutter);
                var next = Intersect(free, own, gutter);

                // A strip with a gutter of its own does not join a run through a margin only: it starts the next run;
                // nor does text of another size (a title over columns, split by the detector).
                if (next.Count == 0 || (!HasInterior(next, strips, s, e) && HasInterior(own, strips, e, e)) || SizeChanges(strips[e - 1], strips[e]))
                {
                    break;
                }

                free = next;
                e++;
            }

            // Leading strips with text on one side only belong to what came before (the short last line of a paragraph).
            var split = Split(strips, s, e, free, regionRight - regionLeft);
            if (split is { } cut && e - s >= 2)
            {
                flow.AddRange(strips.Skip(s).Take(cut.First - s).SelectMany(x => x));
                Add(output, flow);
                flow = [];
                foreach (var side in cut.Sides)
                {
                    Cut(side, gutter, output, depth + 1);
                }
            }
            else
            {
                flow.AddRange(strips.Skip(s).Take(Math.Max(1, e - s)).SelectMany(x => x));
            }

            s = Math.Max(e, s + 1);
        }

        Add(output, flow);
    }

    /// <summary>Whether the type size changes between two strips: width per character by half or more, and height by 15% or more.</summary>
    private static bool SizeChanges(List<LayoutItem> a, List<LayoutItem> b)
    {
        static bool Differ(float x, float y, float factor) => MathF.Max(x, y) > factor * MathF.Max(1e-3f, MathF.Min(x, y));
        static float Median(List<LayoutItem> s, Func<LayoutItem, float> f) => LayoutGeometry.Percentile(s.Select(f).ToList(), 0.5f);
        return Differ(Median(a, i => i.CharWidth), Median(b, i => i.CharWidth), 1.5f) && Differ(Median(a, i => i.TextHeight), Median(b, i => i.TextHeight), 1.15f);
    }

    /// <summary>Whether some interval has text on both sides within strips <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static bool HasInterior(List<(float Start, float End)> intervals, List<List<LayoutItem>> strips, int from, int to)
    {
        var items = strips.Skip(from).Take(to - from + 1).SelectMany(x => x).ToList();
        return intervals.Any(f => items.Any(i => i.Right <= f.Start + 1) && items.Any(i => i.Left >= f.End - 1));
    }

    /// <summary>
    /// Where a section splits: at all its interior gutters at once when every part reads as a prose column (three
    /// columns or more), else at the widest single gutter whose two sides do. Returns the sides, left to right, and
    /// the first strip of the section (leading strips with text on one side only stay before it).
    /// </summary>
    private static (List<List<LayoutItem>> Sides, int First)? Split(List<List<LayoutItem>> strips, int start, int end, List<(float Start, float End)> free, float regionWidth)
    {
        var all = strips.Skip(start).Take(end - start).SelectMany(x => x).ToList();
        var interior = free.Where(f => all.Any(i => i.Right <= f.Start + 1) && all.Any(i => i.Left >= f.End - 1)).OrderBy(f => f.Start).ToList();
        var candidates = new List<List<(float Start, float End)>>();
        if (interior.Count >= 2)
        {
            candidates.Add(interior);
        }

        candidates.AddRange(free.OrderByDescending(f => f.End - f.Start).Select(f => new List<(float Start, float End)> { f }));
        foreach (var gutters in candidates)
        {
            var first = start;
            while (first < end && SidesOf(strips[first], gutters).Count(side => side.Count > 0) < 2)
            {
                first++;
            }

            var sides = SidesOf(strips.Skip(first).Take(end - first).SelectMany(x => x), gutters);
            if (sides.All(side => side.Count >= 2 && IsProse(side, regionWidth)))
            {
                return (sides, first);
            }
        }

        return null;
    }

    /// <summary>The items between consecutive gutters (sorted left to right), one list per side; items across a gutter are left out.</summary>
    internal static List<List<LayoutItem>> SidesOf(IEnumerable<LayoutItem> items, IReadOnlyList<(float Start, float End)> gutters)
    {
        var sides = Enumerable.Range(0, gutters.Count + 1).Select(_ => new List<LayoutItem>()).ToList();
        foreach (var item in items)
        {
            for (var k = 0; k <= gutters.Count; k++)
            {
                var afterPrevious = k == 0 || item.Left >= gutters[k - 1].End - 1;
                var beforeNext = k == gutters.Count || item.Right <= gutters[k].Start + 1;
                if (afterPrevious && beforeNext)
                {
                    sides[k].Add(item);
                    break;
                }
            }
        }

        return sides;
    }

    internal static bool IsProse(List<LayoutItem> side, float regionWidth)
    {
        var extent = side.Max(i => i.Right) - side.Min(i => i.Left);
        return extent >= MinColumnShare * regionWidth
            && LayoutGeometry.Percentile(side.Select(i => i.Width).ToList(), 0.75f) >= ProseFill * extent;
    }

    /// <summary>Horizontal strips: items whose middle halves overlap in y, top to bottom.</summary>
    internal static List<List<LayoutItem>> Strips(IReadOnlyList<LayoutItem> items)
    {
        var strips = new List<List<LayoutItem>>();
        var bottom = float.MinValue;
        foreach (var item in items.OrderBy(i => i.Top + (0.25f * i.Height)))
        {
            var top = item.Top + (0.25f * item.Height);
            if (strips.Count == 0 || top > bottom)
            {
                strips.Add([]);
                bottom = float.MinValue;
            }

            strips[^1].Add(item);
            bottom = MathF.Max(bottom, item.Bottom - (0.25f * item.Height));
        }

        return strips;
    }

    /// <summary>
    /// Gaps not covered by any item between <paramref name="left"/> and <paramref name="right"/>, at least
    /// <paramref name="gutter"/> wide and at least the strip's own line height (a word gap in a large title is no gutter).
    /// </summary>
    internal static List<(float Start, float End)> FreeIntervals(IReadOnlyList<LayoutItem> strip, float left, float right, float gutter)
    {
        gutter = MathF.Max(gutter, LayoutGeometry.Percentile(strip.Select(i => i.Height).ToList(), 0.5f));
        var free = new List<(float, float)>();
        var cursor = left;
        foreach (var item in strip.OrderBy(i => i.Left))
        {
            if (item.Left - cursor >= gutter)
            {
                free.Add((cursor, item.Left));
            }

            cursor = MathF.Max(cursor, item.Right);
        }

        if (right - cursor >= gutter)
        {
            free.Add((cursor, right));
        }

        return free;
    }

    private static List<(float Start, float End)> Intersect(List<(float Start, float End)> a, List<(float Start, float End)> b, float gutter)
    {
        var result = new List<(float, float)>();
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                float s = MathF.Max(x.Start, y.Start), e = MathF.Min(x.End, y.End);
                if (e - s >= gutter)
                {
                    result.Add((s, e));
                }
            }
        }

        return result;
    }

    private static void Add(List<List<LayoutItem>> output, IReadOnlyList<LayoutItem> items)
    {
        if (items.Count > 0)
        {
            output.Add([.. items]);
        }
    }
}
