using Folio.Pages.Geometry;

namespace Folio.Ocr.Detection;

/// <summary>
/// The parts of one region of a probability map: its pixels above a higher level, cut where the region narrows to a
/// thread. Grain in a narrow gutter bridges a line of one column to the line beside it in the other; the bridge is a
/// few columns of one or two pixels, against a line's full height.
/// </summary>
public static class RegionSplit
{
    /// <summary>A column holding at most this fraction of the region's typical column height is a bridge, and cut.</summary>
    public const float BridgeFraction = 0.35f;

    /// <summary>
    /// The regions above <paramref name="threshold"/> among the pixels of <paramref name="region"/> (its outline as
    /// <see cref="ConnectedRegions.Find"/> gives it: each row's leftmost and rightmost pixel, the pixels between them
    /// taken as the region's), with its bridge columns (<see cref="BridgeFraction"/>) cut, in map coordinates.
    /// </summary>
    public static List<List<PointF>> Above(ReadOnlySpan<float> map, int mapWidth, List<PointF> region, float threshold, int maxRegions)
    {
        var rows = new Dictionary<int, (int Min, int Max)>();
        foreach (var p in region)
        {
            int x = (int)p.X, y = (int)p.Y;
            rows[y] = rows.TryGetValue(y, out var e) ? (Math.Min(e.Min, x), Math.Max(e.Max, x)) : (x, x);
        }

        if (rows.Count == 0)
        {
            return [];
        }

        int x0 = rows.Values.Min(r => r.Min), x1 = rows.Values.Max(r => r.Max), y0 = rows.Keys.Min(), y1 = rows.Keys.Max();
        int width = x1 - x0 + 1, height = y1 - y0 + 1;
        var part = new float[width * height];
        foreach (var (y, (min, max)) in rows)
        {
            map.Slice((y * mapWidth) + min, max - min + 1).CopyTo(part.AsSpan(((y - y0) * width) + (min - x0)));
        }

        CutBridges(part, width, height, threshold);
        var found = ConnectedRegions.Find(part, width, height, threshold, maxRegions);
        foreach (var outline in found)
        {
            for (var i = 0; i < outline.Count; i++)
            {
                outline[i] = new PointF(outline[i].X + x0, outline[i].Y + y0);
            }
        }

        return found;
    }

    /// <summary>
    /// Clears the columns of a <paramref name="width"/> × <paramref name="height"/> map whose pixels above
    /// <paramref name="threshold"/> number at most <see cref="BridgeFraction"/> of the median column's (columns with
    /// none not counted), so that what they joined falls apart. Pure; exposed for tests.
    /// </summary>
    public static void CutBridges(Span<float> map, int width, int height, float threshold)
    {
        var counts = new int[width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                counts[x] += map[(y * width) + x] > threshold ? 1 : 0;
            }
        }

        var filled = counts.Where(c => c > 0).Order().ToArray();
        if (filled.Length == 0)
        {
            return;
        }

        var bridge = BridgeFraction * filled[filled.Length / 2];
        for (var x = 0; x < width; x++)
        {
            if (counts[x] > 0 && counts[x] <= bridge)
            {
                for (var y = 0; y < height; y++)
                {
                    map[(y * width) + x] = 0;
                }
            }
        }
    }
}
