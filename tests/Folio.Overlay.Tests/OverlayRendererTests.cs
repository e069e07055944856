using Folio.Contracts;
using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.Overlay.Tests;

public class OverlayRendererTests
{
    private static readonly Line Sure = MakeLine(70, 160, 370, 190, 0.97f);
    private static readonly Line Unsure = MakeLine(70, 70, 200, 100, 0.5f);

    private static PageResult Page() => new()
    {
        PageNumber = 1,
        Width = 400,
        Height = 300,
        Blocks =
        [
            new Block { Kind = "paragraph", Order = 0, Text = "unsure", Bbox = new Box(50, 60, 250, 120), Lines = [Unsure] },
            new Block { Kind = "table", Order = 1, Text = "sure", Bbox = new Box(60, 150, 380, 280), Lines = [Sure] },
        ],
    };

    [Fact]
    public void Block_outlines_carry_their_kinds_colour()
    {
        using var bitmap = OverlayRenderer.Render(Page(), raster: null);
        var paragraph = (SKColor)OverlayPalette.OutlineOf("paragraph");
        var table = (SKColor)OverlayPalette.OutlineOf("table");
        Assert.Equal(paragraph, bitmap.GetPixel(250, 90));   // right edge
        Assert.Equal(paragraph, bitmap.GetPixel(150, 120));  // bottom edge
        Assert.Equal(table, bitmap.GetPixel(380, 215));      // right edge
        Assert.Equal(table, bitmap.GetPixel(200, 280));      // bottom edge
        Assert.Equal(table, bitmap.GetPixel(60, 260));       // left edge, below the label
    }

    [Fact]
    public void The_picture_is_the_page_plus_a_legend_band()
    {
        using var bitmap = OverlayRenderer.Render(Page(), raster: null);
        Assert.Equal(400, bitmap.Width);
        Assert.Equal(300 + OverlayGeometry.LegendHeight(400, 12), bitmap.Height);
        Assert.Equal(new SKColor(0xF4, 0xF4, 0xF4), bitmap.GetPixel(399, bitmap.Height - 2));
    }

    [Fact]
    public void Low_confidence_lines_are_tinted_red_and_sure_ones_are_not()
    {
        using var bitmap = OverlayRenderer.Render(Page(), raster: null);
        var unsure = Average(bitmap, new SKRectI(75, 75, 195, 95));
        var sure = Average(bitmap, new SKRectI(75, 165, 365, 185));
        Assert.True(unsure.R - unsure.G > 40, $"low-confidence line should be red: {unsure}");
        Assert.True(Math.Abs(sure.R - sure.G) < 25, $"a sure line's inside should stay neutral: {sure}");
    }

    [Fact]
    public void The_raster_shows_under_the_drawing_and_is_scaled_with_it()
    {
        var raster = new RasterImage(800, 600, Enumerable.Repeat((byte)0, 800 * 600 * 4).ToArray());
        for (var i = 3; i < raster.Bgra.Length; i += 4)
        {
            raster.Bgra[i] = 255; // opaque black
        }

        var page = Page() with { Width = 800, Height = 600, Blocks = [] };
        using var bitmap = OverlayRenderer.Render(page, raster, maxSide: 500);
        Assert.True(bitmap.Width <= 500 && bitmap.Height <= 500);
        var pixel = bitmap.GetPixel(bitmap.Width / 2, 10);
        Assert.InRange(pixel.Red, 40, 110); // black under a light wash
    }

    [Fact]
    public void The_png_decodes_to_the_same_size()
    {
        var png = OverlayRenderer.RenderPng(Page(), raster: null);
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal(400, decoded.Width);
        Assert.Equal(300 + OverlayGeometry.LegendHeight(400, 12), decoded.Height);
    }

    private static Line MakeLine(float left, float top, float right, float bottom, float confidence) => new()
    {
        Text = "line",
        Confidence = confidence,
        Polygon = [new Point(left, top), new Point(right, top), new Point(right, bottom), new Point(left, bottom)],
    };

    private static (double R, double G, double B) Average(SKBitmap bitmap, SKRectI area)
    {
        double r = 0, g = 0, b = 0;
        var n = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                r += c.Red;
                g += c.Green;
                b += c.Blue;
                n++;
            }
        }

        return (r / n, g / n, b / n);
    }
}
