using Folio.Pages.Geometry;

namespace Folio.Ocr.Detection;

/// <summary>Settings of the DB post-processing (PaddleOCR's defaults).</summary>
public sealed record DbSettings
{
    /// <summary>Probability above which a pixel counts as text.</summary>
    public float Threshold { get; init; } = 0.3f;

    /// <summary>Minimum mean probability inside a box for it to be kept.</summary>
    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>How far boxes are grown: distance = area × ratio / perimeter.</summary>
    public float UnclipRatio { get; init; } = 1.5f;

    /// <summary>At most this many candidate regions are examined.</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Regions whose short side is below this (in map pixels) are dropped.</summary>
    public float MinSize { get; init; } = 3;

    /// <summary>
    /// A region whose box scores under <see cref="BoxThreshold"/> is searched again for regions above each of these
    /// levels in turn, cut where it narrows to a bridge (<see cref="RegionSplit"/>; a part that still scores low, at the
    /// next level), instead of being dropped. Empty: dropped, as PaddleOCR does.
    /// </summary>
    public IReadOnlyList<float> SplitThresholds { get; init; } = [0.3f, 0.5f, 0.7f];

    /// <summary>
    /// Whether boxes of lines one above the other that overlap are cut back to the middle of their overlap
    /// (<see cref="LineOverlap"/>). False: the boxes as grown by <see cref="UnclipRatio"/>, as PaddleOCR gives them.
    /// </summary>
    public bool TrimLineOverlaps { get; init; } = true;
}

/// <summary>Pure post-processing of the DB probability map into text quads.</summary>
public static class DbPostprocess
{
    /// <summary>
    /// Finds text quads in a probability map of <paramref name="mapWidth"/> × <paramref name="mapHeight"/> and scales
    /// them to a page of <paramref name="pageWidth"/> × <paramref name="pageHeight"/>.
    /// </summary>
    public static List<Quad> FindQuads(ReadOnlySpan<float> map, int mapWidth, int mapHeight, int pageWidth, int pageHeight, DbSettings settings)
    {
        var regions = ConnectedRegions.Find(map, mapWidth, mapHeight, settings.Threshold, settings.MaxCandidates);
        var found = new List<(int Level, Quad Quad)>[regions.Count];
        for (var r = 0; r < regions.Count; r++)
        {
            found[r] = Examine(map, mapWidth, mapHeight, pageWidth, pageHeight, settings, regions[r]);
        }

        return InOrder(found);
    }

    /// <summary>
    /// <see cref="FindQuads(ReadOnlySpan{float}, int, int, int, int, DbSettings)"/> on a map held in an array, its
    /// regions examined in parallel when <paramref name="parallel"/> (where cores are idle while the model runs on a
    /// GPU); the same quads in the same order either way.
    /// </summary>
    public static List<Quad> FindQuads(float[] map, int mapWidth, int mapHeight, int pageWidth, int pageHeight, DbSettings settings, bool parallel)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!parallel)
        {
            return FindQuads(map.AsSpan(), mapWidth, mapHeight, pageWidth, pageHeight, settings);
        }

        var regions = ConnectedRegions.Find(map, mapWidth, mapHeight, settings.Threshold, settings.MaxCandidates);
        var found = new List<(int Level, Quad Quad)>[regions.Count];
        Parallel.For(0, regions.Count, r => found[r] = Examine(map, mapWidth, mapHeight, pageWidth, pageHeight, settings, regions[r]));
        return InOrder(found);
    }

    // Level by level, region by region: the order of one queue of every region and the parts split from them.
    private static List<Quad> InOrder(List<(int Level, Quad Quad)>[] found)
    {
        var quads = new List<Quad>(found.Length);
        var deepest = found.SelectMany(f => f).Select(f => f.Level).DefaultIfEmpty(0).Max();
        for (var level = 0; level <= deepest; level++)
        {
            foreach (var region in found)
            {
                quads.AddRange(region.Where(f => f.Level == level).Select(f => f.Quad));
            }
        }

        return quads;
    }

    // One connected region's quads, each with the split level it was found at, in the order a queue finds them.
    private static List<(int Level, Quad Quad)> Examine(ReadOnlySpan<float> map, int mapWidth, int mapHeight, int pageWidth, int pageHeight, DbSettings settings, List<PointF> first)
    {
        var found = new List<(int Level, Quad Quad)>();
        var regions = new Queue<(List<PointF> Region, int Level)>();
        regions.Enqueue((first, 0));
        float sx = (float)pageWidth / mapWidth, sy = (float)pageHeight / mapHeight;
        Span<PointF> scaled = stackalloc PointF[4];
        while (regions.TryDequeue(out var next))
        {
            var (region, level) = next;
            var rect = MinAreaRectangle.Compute(region, out var w, out var h);
            if (Math.Min(w, h) < settings.MinSize)
            {
                continue;
            }

            if (MeanInside(map, mapWidth, mapHeight, rect) < settings.BoxThreshold)
            {
                // Lines that grain or a narrow gutter joined into one region score low as a whole: its parts, cut at
                // their bridges and found above a higher level, are the lines.
                if (level < settings.SplitThresholds.Count)
                {
                    foreach (var part in RegionSplit.Above(map, mapWidth, region, settings.SplitThresholds[level], settings.MaxCandidates))
                    {
                        regions.Enqueue((part, level + 1));
                    }
                }

                continue;
            }

            var distance = UnclipDistance(w, h, settings.UnclipRatio);
            var grown = MinAreaRectangle.Expand(rect, distance);
            if (Math.Min(w, h) + (2 * distance) < settings.MinSize + 2)
            {
                continue;
            }

            for (var i = 0; i < 4; i++)
            {
                scaled[i] = new PointF(
                    Math.Clamp(MathF.Round(grown[i].X * sx), 0, pageWidth),
                    Math.Clamp(MathF.Round(grown[i].Y * sy), 0, pageHeight));
            }

            var quad = Quad.FromCornersClockwise(scaled);
            // PaddleOCR drops boxes that collapse to 3 pixels or less after clipping to the page.
            if (quad.Width <= 3 || quad.Height <= 3)
            {
                continue;
            }

            found.Add((level, quad));
        }

        return found;
    }

    /// <summary>Offset that grows a w × h box: area × ratio / perimeter.</summary>
    public static float UnclipDistance(float width, float height, float ratio)
    {
        var perimeter = 2 * (width + height);
        return perimeter <= 0 ? 0 : width * height * ratio / perimeter;
    }

    /// <summary>Mean map value over pixels whose centres lie inside the convex polygon (the box score).</summary>
    public static float MeanInside(ReadOnlySpan<float> map, int width, int height, ReadOnlySpan<PointF> polygon)
    {
        float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
        foreach (var p in polygon)
        {
            minX = MathF.Min(minX, p.X);
            maxX = MathF.Max(maxX, p.X);
            minY = MathF.Min(minY, p.Y);
            maxY = MathF.Max(maxY, p.Y);
        }

        int x0 = Math.Clamp((int)MathF.Floor(minX), 0, width - 1), x1 = Math.Clamp((int)MathF.Ceiling(maxX), 0, width - 1);
        int y0 = Math.Clamp((int)MathF.Floor(minY), 0, height - 1), y1 = Math.Clamp((int)MathF.Ceiling(maxY), 0, height - 1);
        double sum = 0;
        var count = 0;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (Contains(polygon, x, y))
                {
                    sum += map[(y * width) + x];
                    count++;
                }
            }
        }

        return count == 0 ? 0 : (float)(sum / count);
    }

    // Inside or on the edge of a convex polygon, whatever its winding.
    private static bool Contains(ReadOnlySpan<PointF> polygon, float x, float y)
    {
        int sign = 0;
        for (var i = 0; i < polygon.Length; i++)
        {
            var a = polygon[i];
            var b = polygon[(i + 1) % polygon.Length];
            var cross = ((b.X - a.X) * (y - a.Y)) - ((b.Y - a.Y) * (x - a.X));
            if (MathF.Abs(cross) < 1e-3f)
            {
                continue;
            }

            var s = cross > 0 ? 1 : -1;
            if (sign == 0)
            {
                sign = s;
            }
            else if (s != sign)
            {
                return false;
            }
        }

        return true;
    }
}
