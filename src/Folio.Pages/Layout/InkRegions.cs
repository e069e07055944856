using Folio.Contracts;

namespace Folio.Pages.Layout;

/// <summary>A connected non-white area of a page raster.</summary>
/// <param name="Box">Its bounds in page pixels.</param>
/// <param name="InkShare">The share of its box's grid cells that hold ink, 0 to 1.</param>
public sealed record InkRegion(Box Box, float InkShare);

/// <summary>
/// Connected non-white areas of a grayscale raster, pure: the page is cut into square cells (<see cref="CellSize"/>),
/// a cell holding two or more pixels under <see cref="InkBelow"/> (rule pixels left out) is ink, and ink cells that
/// touch (8-neighbours) form a region.
/// </summary>
public static class InkRegions
{
    /// <summary>Luminance under which a pixel is ink (not white paper).</summary>
    public const byte InkBelow = 200;

    /// <summary>Side of a grid cell in pixels: 4, or a 200th of the page's shorter side.</summary>
    public static int CellSize(int width, int height) => Math.Max(4, Math.Min(width, height) / 200);

    /// <summary>Finds the regions, top to bottom.</summary>
    /// <param name="gray">Luminance, one byte a pixel, rows packed.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="rules">Rule boxes whose pixels are not ink (so a ruled table is not one region).</param>
    public static List<InkRegion> Find(byte[] gray, int width, int height, IReadOnlyList<Box> rules)
    {
        ArgumentNullException.ThrowIfNull(gray);
        ArgumentNullException.ThrowIfNull(rules);
        var cell = CellSize(width, height);
        int gw = (width + cell - 1) / cell, gh = (height + cell - 1) / cell;
        var counts = new int[gw * gh];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (gray[(y * width) + x] < InkBelow)
                {
                    counts[((y / cell) * gw) + (x / cell)]++;
                }
            }
        }

        // Rule pixels (one pixel around each rule box included) are not ink.
        foreach (var rule in rules)
        {
            for (var y = Math.Max(0, (int)rule.Top - 1); y < Math.Min(height, (int)MathF.Ceiling(rule.Bottom) + 1); y++)
            {
                for (var x = Math.Max(0, (int)rule.Left - 1); x < Math.Min(width, (int)MathF.Ceiling(rule.Right) + 1); x++)
                {
                    if (gray[(y * width) + x] < InkBelow)
                    {
                        counts[((y / cell) * gw) + (x / cell)]--;
                    }
                }
            }
        }

        var label = new int[gw * gh];
        var regions = new List<InkRegion>();
        var stack = new Stack<int>();
        for (var start = 0; start < counts.Length; start++)
        {
            if (counts[start] < 2 || label[start] != 0)
            {
                continue;
            }

            int minX = gw, minY = gh, maxX = -1, maxY = -1, cells = 0;
            label[start] = regions.Count + 1;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var c = stack.Pop();
                int cx = c % gw, cy = c / gw;
                (minX, minY, maxX, maxY) = (Math.Min(minX, cx), Math.Min(minY, cy), Math.Max(maxX, cx), Math.Max(maxY, cy));
                cells++;
                for (var ny = Math.Max(0, cy - 1); ny <= Math.Min(gh - 1, cy + 1); ny++)
                {
                    for (var nx = Math.Max(0, cx - 1); nx <= Math.Min(gw - 1, cx + 1); nx++)
                    {
                        var n = (ny * gw) + nx;
                        if (counts[n] >= 2 && label[n] == 0)
                        {
                            label[n] = regions.Count + 1;
                            stack.Push(n);
                        }
                    }
                }
            }

            var box = new Box(minX * cell, minY * cell, Math.Min(width, (maxX + 1) * cell), Math.Min(height, (maxY + 1) * cell));
            regions.Add(new InkRegion(box, cells / (float)((maxX - minX + 1) * (maxY - minY + 1))));
        }

        return regions;
    }
}
