using Folio.Pages.Geometry;

namespace Folio.Ocr.Detection;

/// <summary>Labels 8-connected regions of a thresholded map and returns each region's outline points.</summary>
public static class ConnectedRegions
{
    /// <summary>
    /// Finds regions of pixels above <paramref name="threshold"/>, in the order their first pixel is met (row by row).
    /// Each region is returned as the leftmost and rightmost pixel centre of each of its rows, top row first: their
    /// convex hull is the hull of the region, which is all the minimum-area rectangle needs.
    /// </summary>
    /// <remarks>
    /// A scanline fill: each visit takes a whole run of a row at once and looks for runs touching it (diagonals
    /// included) in the rows above and below, so a row's extremes are those of its runs.
    /// </remarks>
    public static List<List<PointF>> Find(ReadOnlySpan<float> map, int width, int height, float threshold, int maxRegions)
    {
        var seen = new bool[width * height];
        var regions = new List<List<PointF>>();
        var seeds = new Stack<int>();
        var rowMin = new int[height];
        var rowMax = new int[height];
        Array.Fill(rowMin, int.MaxValue);
        Array.Fill(rowMax, -1);
        for (var start = 0; start < seen.Length && regions.Count < maxRegions; start++)
        {
            if (seen[start] || map[start] <= threshold)
            {
                continue;
            }

            int top = start / width, bottom = top;
            seeds.Push(start);
            while (seeds.TryPop(out var seed))
            {
                if (seen[seed])
                {
                    continue;
                }

                int y = seed / width, row = y * width, left = seed - row, right = left;
                while (left > 0 && !seen[row + left - 1] && map[row + left - 1] > threshold)
                {
                    left--;
                }

                while (right < width - 1 && !seen[row + right + 1] && map[row + right + 1] > threshold)
                {
                    right++;
                }

                seen.AsSpan(row + left, right - left + 1).Fill(true);
                rowMin[y] = Math.Min(rowMin[y], left);
                rowMax[y] = Math.Max(rowMax[y], right);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
                if (y > 0)
                {
                    PushRuns(map, seen, seeds, row - width, Math.Max(0, left - 1), Math.Min(width - 1, right + 1), threshold);
                }

                if (y < height - 1)
                {
                    PushRuns(map, seen, seeds, row + width, Math.Max(0, left - 1), Math.Min(width - 1, right + 1), threshold);
                }
            }

            var outline = new List<PointF>(2 * (bottom - top + 1));
            for (var y = top; y <= bottom; y++)
            {
                if (rowMax[y] < 0)
                {
                    continue;
                }

                outline.Add(new PointF(rowMin[y], y));
                if (rowMax[y] != rowMin[y])
                {
                    outline.Add(new PointF(rowMax[y], y));
                }

                (rowMin[y], rowMax[y]) = (int.MaxValue, -1);
            }

            regions.Add(outline);
        }

        return regions;
    }

    // One seed for each run of unvisited pixels above the threshold between columns from and to of the row at offset row.
    private static void PushRuns(ReadOnlySpan<float> map, bool[] seen, Stack<int> seeds, int row, int from, int to, float threshold)
    {
        var inRun = false;
        for (var x = from; x <= to; x++)
        {
            var open = !seen[row + x] && map[row + x] > threshold;
            if (open && !inRun)
            {
                seeds.Push(row + x);
            }

            inRun = open;
        }
    }
}
