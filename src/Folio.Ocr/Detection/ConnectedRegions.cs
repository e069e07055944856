using Folio.Pages.Geometry;

namespace Folio.Ocr.Detection;

/// <summary>Labels 8-connected regions of a thresholded map and returns each region's outline points.</summary>
public static class ConnectedRegions
{
    /// <summary>
    /// Finds regions of pixels above <paramref name="threshold"/>, in the order their first pixel is met (row by row).
    /// Each region is returned as the leftmost and rightmost pixel centre of each of its rows: their convex hull is
    /// the hull of the region, which is all the minimum-area rectangle needs.
    /// </summary>
    public static List<List<PointF>> Find(ReadOnlySpan<float> map, int width, int height, float threshold, int maxRegions)
    {
        var labels = new int[width * height];
        var regions = new List<List<PointF>>();
        var stack = new Stack<int>();
        var rowExtremes = new Dictionary<int, (int Min, int Max)>();
        var label = 0;
        for (var start = 0; start < labels.Length && regions.Count < maxRegions; start++)
        {
            if (labels[start] != 0 || map[start] <= threshold)
            {
                continue;
            }

            label++;
            labels[start] = label;
            stack.Push(start);
            rowExtremes.Clear();
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                int x = index % width, y = index / width;
                rowExtremes[y] = rowExtremes.TryGetValue(y, out var e) ? (Math.Min(e.Min, x), Math.Max(e.Max, x)) : (x, x);
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = y + dy;
                    if (ny < 0 || ny >= height)
                    {
                        continue;
                    }

                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        if (nx < 0 || nx >= width)
                        {
                            continue;
                        }

                        var n = (ny * width) + nx;
                        if (labels[n] == 0 && map[n] > threshold)
                        {
                            labels[n] = label;
                            stack.Push(n);
                        }
                    }
                }
            }

            var outline = new List<PointF>(rowExtremes.Count * 2);
            foreach (var (row, (min, max)) in rowExtremes)
            {
                outline.Add(new PointF(min, row));
                if (max != min)
                {
                    outline.Add(new PointF(max, row));
                }
            }

            regions.Add(outline);
        }

        return regions;
    }
}
