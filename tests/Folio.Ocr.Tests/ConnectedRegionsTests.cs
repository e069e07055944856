using Folio.Ocr.Detection;
using Folio.Pages.Geometry;

namespace Folio.Ocr.Tests;

/// <summary>The scanline fill against a pixel-by-pixel flood fill: the same regions, in the same order, with the same rows.</summary>
public sealed class ConnectedRegionsTests
{
    [Theory]
    [InlineData(1, 0.3)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.6)]
    [InlineData(4, 0.8)]
    public void Random_maps_give_the_regions_of_a_pixel_by_pixel_fill(int seed, double density)
    {
        var random = new Random(seed);
        const int Width = 97, Height = 61;
        var map = new float[Width * Height];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = random.NextDouble() < density ? 0.9f : 0.1f;
        }

        var expected = PixelByPixel(map, Width, Height, 0.3f, 1000);
        var actual = ConnectedRegions.Find(map, Width, Height, 0.3f, 1000);
        Assert.True(expected.Count > 3 || density > 0.55, $"{expected.Count} regions");
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.Equal(expected[r], actual[r]);
        }
    }

    [Fact]
    public void A_spiral_and_a_diagonal_are_one_region_each_and_the_cap_holds()
    {
        // A spiral needs runs found above and below many times over; the diagonal joins only corner to corner.
        const int Size = 40;
        var map = new float[Size * Size];
        for (var ring = 0; ring < Size / 4; ring++)
        {
            int lo = 2 * ring, hi = Size - 1 - (2 * ring);
            for (var i = lo; i <= hi; i++)
            {
                map[(lo * Size) + i] = map[(hi * Size) + i] = map[(i * Size) + hi] = 1;
                if (i > lo + 1)
                {
                    map[(i * Size) + lo] = 1;
                }
            }

            if (lo + 2 < hi)
            {
                map[((lo + 2) * Size) + lo + 1] = 1;
            }
        }

        var expected = PixelByPixel(map, Size, Size, 0.5f, 10);
        Assert.Equal(expected, ConnectedRegions.Find(map, Size, Size, 0.5f, 10));

        var diagonal = new float[Size * Size];
        for (var i = 0; i < Size; i++)
        {
            diagonal[(i * Size) + (Size - 1 - i)] = 1;
        }

        var regions = ConnectedRegions.Find(diagonal, Size, Size, 0.5f, 10);
        Assert.Single(regions);
        Assert.Equal(Size, regions[0].Count);
        Assert.Equal(PixelByPixel(diagonal, Size, Size, 0.5f, 10), regions);

        var dots = new float[Size * Size];
        for (var i = 0; i < dots.Length; i += 3)
        {
            dots[i] = 1;
        }

        Assert.Equal(5, ConnectedRegions.Find(dots, Size, Size, 0.5f, 5).Count);
    }

    // Each region's rows (leftmost and rightmost pixel, top row first), regions in the order of their first pixel.
    private static List<List<PointF>> PixelByPixel(float[] map, int width, int height, float threshold, int maxRegions)
    {
        var label = new int[map.Length];
        var regions = new List<List<PointF>>();
        for (var start = 0; start < map.Length && regions.Count < maxRegions; start++)
        {
            if (label[start] != 0 || map[start] <= threshold)
            {
                continue;
            }

            var rows = new SortedDictionary<int, (int Min, int Max)>();
            var queue = new Queue<int>([start]);
            label[start] = 1;
            while (queue.TryDequeue(out var p))
            {
                int x = p % width, y = p / width;
                rows[y] = rows.TryGetValue(y, out var e) ? (Math.Min(e.Min, x), Math.Max(e.Max, x)) : (x, x);
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && nx < width && ny >= 0 && ny < height && label[(ny * width) + nx] == 0 && map[(ny * width) + nx] > threshold)
                        {
                            label[(ny * width) + nx] = 1;
                            queue.Enqueue((ny * width) + nx);
                        }
                    }
                }
            }

            regions.Add([.. rows.SelectMany(r => r.Value.Min == r.Value.Max ? new[] { new PointF(r.Value.Min, r.Key) } : [new PointF(r.Value.Min, r.Key), new PointF(r.Value.Max, r.Key)])]);
        }

        return regions;
    }
}
