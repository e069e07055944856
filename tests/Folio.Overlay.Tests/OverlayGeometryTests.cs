using Folio.Contracts;

namespace Folio.Overlay.Tests;

public class OverlayGeometryTests
{
    [Fact]
    public void A_150_dpi_letter_page_keeps_its_size_and_gets_a_two_row_legend()
    {
        var layout = OverlayGeometry.Layout(1275, 1650, 2000, 12);
        Assert.Equal(new OverlayLayout(1.0, 1275, 1650, 76), layout);
        Assert.Equal(1726, layout.Height);
    }

    [Fact]
    public void A_300_dpi_page_is_scaled_so_page_and_legend_fit_2000_pixels()
    {
        var layout = OverlayGeometry.Layout(2550, 3300, 2000, 12);
        Assert.Equal(0.58303, layout.Scale, 5);
        Assert.Equal(1487, layout.Width);
        Assert.Equal(1924, layout.PageHeight);
        Assert.Equal(76, layout.LegendHeight);
        Assert.Equal(2000, layout.Height);
    }

    [Fact]
    public void A_wide_page_is_bound_by_its_width()
    {
        var layout = OverlayGeometry.Layout(3000, 1000, 2000, 12);
        Assert.Equal(2000, layout.Width);
        Assert.Equal(667, layout.PageHeight);
        Assert.Equal(76, layout.LegendHeight); // 9 cells a row: 12 entries take two rows of 28 px, plus 2 × 10 padding
        Assert.Equal(743, layout.Height);
    }

    [Theory]
    [InlineData(1275, 6)]
    [InlineData(2000, 9)]
    [InlineData(150, 1)]
    public void Legend_columns_follow_the_width(int width, int columns) =>
        Assert.Equal(columns, OverlayGeometry.LegendColumns(width));

    [Fact]
    public void Legend_cells_wrap_row_by_row_below_the_page()
    {
        Assert.Equal((10f, 1660f), OverlayGeometry.LegendCell(0, 1275, 1650));
        Assert.Equal((1010f, 1660f), OverlayGeometry.LegendCell(5, 1275, 1650));
        Assert.Equal((10f, 1688f), OverlayGeometry.LegendCell(6, 1275, 1650));
    }

    [Fact]
    public void A_label_sits_in_the_left_margin_else_above_the_block_else_inside_it()
    {
        Assert.Equal((67f, 50f), OverlayGeometry.LabelPosition(new Box(100, 50, 300, 80), 30, 20, 1275));
        Assert.Equal((20f, 30f), OverlayGeometry.LabelPosition(new Box(20, 50, 300, 80), 30, 20, 1275));
        Assert.Equal((10f, 5f), OverlayGeometry.LabelPosition(new Box(10, 5, 300, 80), 30, 20, 1275));
        Assert.Equal((0f, 30f), OverlayGeometry.LabelPosition(new Box(-5, 50, 300, 80), 30, 20, 1275));
    }

    [Fact]
    public void Boxes_scale_with_the_picture()
    {
        Assert.Equal(new Box(50, 25, 150, 40), OverlayGeometry.Scale(new Box(100, 50, 300, 80), 0.5));
    }

    [Fact]
    public void Label_size_follows_the_median_line_height_within_bounds()
    {
        Assert.Equal(21f, OverlayGeometry.LabelFontSize([20, 30, 40], 1.0), 3);
        Assert.Equal(14f, OverlayGeometry.LabelFontSize([40, 20], 0.5), 3);
        Assert.Equal(12f, OverlayGeometry.LabelFontSize([10, 10, 10], 1.0), 3);
        Assert.Equal(28f, OverlayGeometry.LabelFontSize([100], 1.0), 3);
        Assert.Equal(14f, OverlayGeometry.LabelFontSize([], 1.0), 3);
    }
}
