namespace Folio.Pages.Geometry;

/// <summary>Convex hull and minimum-area enclosing rectangle (rotating calipers), as cv2.minAreaRect.</summary>
public static class MinAreaRectangle
{
    /// <summary>Convex hull by Andrew's monotone chain, anticlockwise in a y-up frame, without repeated end point.</summary>
    public static List<PointF> ConvexHull(IReadOnlyList<PointF> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3)
        {
            return sorted;
        }

        var hull = new List<PointF>(sorted.Count + 1);
        foreach (var p in sorted)
        {
            while (hull.Count >= 2 && Cross(hull[^2], hull[^1], p) <= 0)
            {
                hull.RemoveAt(hull.Count - 1);
            }

            hull.Add(p);
        }

        var lowerCount = hull.Count + 1;
        for (var i = sorted.Count - 2; i >= 0; i--)
        {
            var p = sorted[i];
            while (hull.Count >= lowerCount && Cross(hull[^2], hull[^1], p) <= 0)
            {
                hull.RemoveAt(hull.Count - 1);
            }

            hull.Add(p);
        }

        hull.RemoveAt(hull.Count - 1);
        return hull;
    }

    /// <summary>
    /// The rectangle of least area that contains all points. Returns its four corners (in no particular order),
    /// its side lengths along the chosen edge direction (<paramref name="width"/>) and across it (<paramref name="height"/>).
    /// </summary>
    public static PointF[] Compute(IReadOnlyList<PointF> points, out float width, out float height)
    {
        var hull = ConvexHull(points);
        if (hull.Count == 0)
        {
            width = height = 0;
            return [];
        }

        if (hull.Count == 1)
        {
            width = height = 0;
            return [hull[0], hull[0], hull[0], hull[0]];
        }

        var bestArea = double.MaxValue;
        PointF[] best = [];
        width = height = 0;
        for (var i = 0; i < hull.Count; i++)
        {
            var a = hull[i];
            var b = hull[(i + 1) % hull.Count];
            double dx = b.X - a.X, dy = b.Y - a.Y;
            var len = Math.Sqrt((dx * dx) + (dy * dy));
            if (len < 1e-9)
            {
                continue;
            }

            double ux = dx / len, uy = dy / len;
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (var p in hull)
            {
                var u = (p.X * ux) + (p.Y * uy);
                var v = (-p.X * uy) + (p.Y * ux);
                minU = Math.Min(minU, u);
                maxU = Math.Max(maxU, u);
                minV = Math.Min(minV, v);
                maxV = Math.Max(maxV, v);
            }

            var area = (maxU - minU) * (maxV - minV);
            if (area < bestArea - 1e-9)
            {
                bestArea = area;
                width = (float)(maxU - minU);
                height = (float)(maxV - minV);
                best =
                [
                    FromUv(minU, minV, ux, uy), FromUv(maxU, minV, ux, uy),
                    FromUv(maxU, maxV, ux, uy), FromUv(minU, maxV, ux, uy),
                ];
            }
        }

        return best;
    }

    /// <summary>
    /// Grows a rectangle by <paramref name="distance"/> on every side. For a rectangle this equals the minimum-area
    /// rectangle around PaddleOCR's rounded polygon offset (pyclipper, JT_ROUND), so no polygon clipper is needed.
    /// </summary>
    public static PointF[] Expand(ReadOnlySpan<PointF> rectangle, float distance)
    {
        float cx = 0, cy = 0;
        foreach (var p in rectangle)
        {
            cx += p.X / 4;
            cy += p.Y / 4;
        }

        var result = new PointF[4];
        for (var i = 0; i < 4; i++)
        {
            var p = rectangle[i];
            var prev = rectangle[(i + 3) % 4];
            var next = rectangle[(i + 1) % 4];
            // Move the corner away from both neighbours along the two edges that meet there.
            var (ax, ay) = Unit(p.X - prev.X, p.Y - prev.Y);
            var (bx, by) = Unit(p.X - next.X, p.Y - next.Y);
            result[i] = new PointF(p.X + ((ax + bx) * distance), p.Y + ((ay + by) * distance));
        }

        return result;
    }

    private static (float X, float Y) Unit(float x, float y)
    {
        var len = MathF.Sqrt((x * x) + (y * y));
        return len < 1e-6f ? (0, 0) : (x / len, y / len);
    }

    private static PointF FromUv(double u, double v, double ux, double uy) =>
        new((float)((u * ux) - (v * uy)), (float)((u * uy) + (v * ux)));

    private static double Cross(PointF o, PointF a, PointF b) =>
        ((double)(a.X - o.X) * (b.Y - o.Y)) - ((double)(a.Y - o.Y) * (b.X - o.X));
}
