using Folio.Contracts;
using Folio.Pages.Geometry;

namespace Folio.Pages.Layout;

/// <summary>A line during layout: the recognised line and its axis-aligned box in the deskewed page frame.</summary>
internal sealed class LayoutItem(RecognizedLine line, float left, float top, float right, float bottom)
{
    public RecognizedLine Line { get; } = line;

    public float Left { get; } = left;

    public float Top { get; } = top;

    public float Right { get; } = right;

    public float Bottom { get; } = bottom;

    public float Height => Bottom - Top;

    public float Width => Right - Left;

    public float CenterY => (Top + Bottom) / 2;

    /// <summary>Width per character: with the height, a measure of the type size that OCR boxes do not blur.</summary>
    public float CharWidth => Width / Math.Max(1, Line.Text.Length);

    /// <summary>
    /// Height of the text: the median height of the line's words when it has any (a raised footnote mark
    /// does not make the line taller), else the box height.
    /// </summary>
    public float TextHeight { get; } = line.Words.Count == 0
        ? bottom - top
        : MathF.Min(bottom - top, LayoutGeometry.Percentile(line.Words.Select(w => w.Bbox.Height).ToList(), 0.5f));

    /// <summary>Whether this item stands for a figure (an ink region without text) rather than a line; its line's text is empty.</summary>
    public bool IsFigure { get; init; }

    /// <summary>The line's bounds on the page as recognised (not deskewed), in page pixels.</summary>
    public Box PageBox => Box.Around(Line.Quad.ToArray().Select(p => new Point(p.X, p.Y)));
}

/// <summary>Pure geometry helpers of the layout stage: skew, rows, percentiles.</summary>
internal static class LayoutGeometry
{
    /// <summary>
    /// The page's skew in radians: the median slope of the top edges of lines at least three times as long as
    /// they are high (vertical text excluded); 0 when under 0.2° or when no line qualifies.
    /// </summary>
    public static float SkewAngle(IEnumerable<Quad> quads)
    {
        var angles = quads
            .Where(q => q.Width >= 3 * q.Height)
            .Select(q => MathF.Atan2(q.TopRight.Y - q.TopLeft.Y, q.TopRight.X - q.TopLeft.X))
            .Where(a => MathF.Abs(a) < 0.35f)
            .ToList();
        if (angles.Count == 0)
        {
            return 0;
        }

        var median = Percentile(angles, 0.5f);
        return MathF.Abs(median) < 0.2f * MathF.PI / 180 ? 0 : median;
    }

    /// <summary>Layout items for the lines, their boxes turned by −<paramref name="angle"/> about the origin.</summary>
    public static List<LayoutItem> Items(IReadOnlyList<RecognizedLine> lines, float angle)
    {
        float cos = MathF.Cos(angle), sin = MathF.Sin(angle);
        var items = new List<LayoutItem>(lines.Count);
        foreach (var line in lines)
        {
            float l = float.MaxValue, t = float.MaxValue, r = float.MinValue, b = float.MinValue;
            foreach (var p in line.Quad.ToArray())
            {
                var x = (p.X * cos) + (p.Y * sin);
                var y = (-p.X * sin) + (p.Y * cos);
                (l, t, r, b) = (MathF.Min(l, x), MathF.Min(t, y), MathF.Max(r, x), MathF.Max(b, y));
            }

            items.Add(new LayoutItem(line, l, t, r, b));
        }

        return items;
    }

    /// <summary>
    /// Groups items into text rows, top to bottom, each row left to right: an item joins a row when its vertical
    /// centre is within 0.35 of the smaller height from the row's centre and it does not overlap the row's items.
    /// </summary>
    public static List<List<LayoutItem>> Rows(IEnumerable<LayoutItem> items)
    {
        var rows = new List<List<LayoutItem>>();
        foreach (var item in items.OrderBy(i => i.CenterY).ThenBy(i => i.Left))
        {
            List<LayoutItem>? target = null;
            for (var k = rows.Count - 1; k >= Math.Max(0, rows.Count - 2) && target is null; k--)
            {
                var row = rows[k];
                var centre = row.Average(i => i.CenterY);
                var height = MathF.Min(item.Height, Percentile(row.Select(i => i.Height).ToList(), 0.5f));
                var overlaps = row.Any(i => MathF.Min(i.Right, item.Right) - MathF.Max(i.Left, item.Left) > 0.3f * MathF.Min(i.Width, item.Width));
                if (MathF.Abs(item.CenterY - centre) <= 0.35f * height && !overlaps)
                {
                    target = row;
                }
            }

            if (target is null)
            {
                rows.Add([item]);
            }
            else
            {
                target.Add(item);
            }
        }

        foreach (var row in rows)
        {
            row.Sort((a, b) => a.Left.CompareTo(b.Left));
        }

        return rows;
    }

    /// <summary>The value below which the fraction <paramref name="p"/> of the values lie (nearest rank); 0 when empty.</summary>
    public static float Percentile(IReadOnlyList<float> values, float p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)MathF.Round(p * (sorted.Length - 1)), 0, sorted.Length - 1)];
    }
}
