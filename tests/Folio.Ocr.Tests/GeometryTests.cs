using Folio.Ocr.Detection;
using Folio.Pages.Geometry;

namespace Folio.Ocr.Tests;

public class GeometryTests
{
    [Theory]
    [InlineData(1275, 1650, 960, 736, 960)] // US letter at 150 dpi: 0.5818 × 1275 = 741.8 → 741 → 23 × 32
    [InlineData(100, 50, 960, 96, 64)] // never scaled up; 50 / 32 = 1.56 → 2
    [InlineData(80, 10, 960, 64, 32)] // 80 / 32 = 2.5 rounds to even (Python 3), and at least 32
    [InlineData(4000, 1000, 960, 960, 256)] // 1000 × 0.24 = 240; 240 / 32 = 7.5 rounds to even: 8
    public void Detection_input_is_limited_and_rounded_to_multiples_of_32(int w, int h, int max, int ew, int eh)
    {
        var (rw, rh) = DetectionPreprocess.ComputeInputSize(w, h, max);
        Assert.Equal(ew, rw);
        Assert.Equal(eh, rh);
        Assert.Equal(0, rw % 32);
        Assert.Equal(0, rh % 32);
    }

    [Fact]
    public void Detection_tensor_of_a_white_page_holds_normalised_white_per_channel()
    {
        var tensor = new float[3 * 32 * 64];
        DetectionPreprocess.FillTensor(Pages.Imaging.RasterImage.CreateWhite(100, 50), 64, 32, tensor);
        Assert.Equal((1 - 0.485f) / 0.229f, tensor[0], 4);
        Assert.Equal((1 - 0.456f) / 0.224f, tensor[(32 * 64) + 5], 4);
        Assert.Equal((1 - 0.406f) / 0.225f, tensor[^1], 4);
    }

    [Fact]
    public void Detection_tensor_filled_in_parallel_bands_is_the_sequential_one()
    {
        var random = new Random(3);
        var bgra = new byte[331 * 517 * 4];
        random.NextBytes(bgra);
        var page = new Pages.Imaging.RasterImage(331, 517, bgra);
        var (width, height) = DetectionPreprocess.ComputeInputSize(page.Width, page.Height, 960);
        float[] sequential = new float[3 * width * height], parallel = new float[3 * width * height];
        DetectionPreprocess.FillTensor(page, width, height, sequential, parallel: false);
        DetectionPreprocess.FillTensor(page, width, height, parallel, parallel: true);
        Assert.True(height > 64, "more than one band of rows");
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Unclip_distance_is_area_times_ratio_over_perimeter()
    {
        Assert.Equal(12.5f, DbPostprocess.UnclipDistance(100, 20, 1.5f), 4); // 2000 × 1.5 / 240
        Assert.Equal(0f, DbPostprocess.UnclipDistance(0, 0, 1.5f));
    }

    [Fact]
    public void Expanding_a_rectangle_moves_every_side_out_by_the_distance()
    {
        var grown = MinAreaRectangle.Expand([new(0, 0), new(10, 0), new(10, 4), new(0, 4)], 1);
        Assert.Equal([new PointF(-1, -1), new PointF(11, -1), new PointF(11, 5), new PointF(-1, 5)], grown);
    }

    [Fact]
    public void Minimum_area_rectangle_of_a_rotated_rectangle_recovers_its_sides()
    {
        // A 40 × 10 rectangle turned by 30°, sampled along its edges.
        var angle = MathF.PI / 6;
        var points = new List<PointF>();
        for (var u = 0; u <= 40; u += 5)
        {
            for (var v = 0; v <= 10; v += 5)
            {
                points.Add(new PointF(100 + (u * MathF.Cos(angle)) - (v * MathF.Sin(angle)), 50 + (u * MathF.Sin(angle)) + (v * MathF.Cos(angle))));
            }
        }

        var corners = MinAreaRectangle.Compute(points, out var w, out var h);
        Assert.Equal(4, corners.Length);
        Assert.Equal(400, w * h, 1);
        Assert.Equal(40, MathF.Max(w, h), 2);
    }

    [Fact]
    public void Convex_hull_drops_interior_points()
    {
        var hull = MinAreaRectangle.ConvexHull([new(0, 0), new(4, 0), new(4, 4), new(0, 4), new(2, 2), new(1, 3)]);
        Assert.Equal(4, hull.Count);
        Assert.DoesNotContain(new PointF(2, 2), hull);
    }

    [Fact]
    public void Corners_are_ordered_clockwise_from_the_top_left()
    {
        var quad = Quad.FromCornersClockwise([new(10, 5), new(0, 0), new(0, 5), new(10, 0)]);
        Assert.Equal(new Quad(new(0, 0), new(10, 0), new(10, 5), new(0, 5)), quad);
        Assert.Equal(new Quad(new(10, 5), new(0, 5), new(0, 0), new(10, 0)), quad.Rotated180());
    }

    [Fact]
    public void Boxes_on_the_same_row_read_left_to_right_even_when_slightly_higher()
    {
        static Quad Box(float x, float y) => new(new(x, y), new(x + 50, y), new(x + 50, y + 20), new(x, y + 20));
        var sorted = BoxOrder.Sort([Box(200, 100), Box(10, 104), Box(10, 200), Box(300, 50)]);
        Assert.Equal([300f, 10f, 200f, 10f], sorted.Select(q => q.TopLeft.X).ToArray());
        Assert.Equal([50f, 104f, 100f, 200f], sorted.Select(q => q.TopLeft.Y).ToArray());
    }

    [Fact]
    public void Homography_maps_the_four_corners_and_keeps_straight_lines_straight()
    {
        PointF[] from = [new(0, 0), new(100, 0), new(100, 48), new(0, 48)];
        PointF[] to = [new(10, 20), new(210, 40), new(205, 90), new(8, 70)];
        var h = Homography.FromPoints(from, to);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(to[i].X, h.Map(from[i].X, from[i].Y).X, 3);
            Assert.Equal(to[i].Y, h.Map(from[i].X, from[i].Y).Y, 3);
        }

        Assert.Throws<ArgumentException>(() => Homography.FromPoints(from, [new(0, 0), new(1, 1), new(2, 2), new(3, 3)]));
    }

    [Fact]
    public void A_blob_in_the_probability_map_becomes_one_grown_quad_scaled_to_the_page()
    {
        // 64 × 32 map, text probability 0.9 over x 10..49, y 10..19; the page is twice the map's size.
        var map = new float[64 * 32];
        for (var y = 10; y < 20; y++)
        {
            for (var x = 10; x < 50; x++)
            {
                map[(y * 64) + x] = 0.9f;
            }
        }

        var quads = DbPostprocess.FindQuads(map, 64, 32, 128, 64, new DbSettings());
        var quad = Assert.Single(quads);
        // Pixel centres span 39 × 9; unclip grows each side by 39 × 9 × 1.5 / 96 = 5.48 map pixels.
        Assert.Equal((10 - 5.48f) * 2, quad.TopLeft.X, 0);
        Assert.Equal((49 + 5.48f) * 2, quad.TopRight.X, 0);
        Assert.Equal((10 - 5.48f) * 2, quad.TopLeft.Y, 0);
        Assert.Equal((19 + 5.48f) * 2, quad.BottomLeft.Y, 0);
    }

    [Fact]
    public void Weak_blobs_under_the_box_threshold_are_dropped()
    {
        var map = new float[64 * 32];
        for (var y = 10; y < 20; y++)
        {
            for (var x = 10; x < 50; x++)
            {
                map[(y * 64) + x] = 0.4f;
            }
        }

        Assert.Empty(DbPostprocess.FindQuads(map, 64, 32, 64, 32, new DbSettings()));
    }
}
