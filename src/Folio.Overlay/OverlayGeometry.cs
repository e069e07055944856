using Folio.Contracts;

namespace Folio.Overlay;

/// <summary>Where things go on an overlay picture: pure arithmetic, no drawing.</summary>
public static class OverlayGeometry
{
    /// <summary>Width of one legend cell (swatch and label) in picture pixels.</summary>
    public const int LegendCellWidth = 200;

    /// <summary>Height of one legend row in picture pixels.</summary>
    public const int LegendRowHeight = 28;

    /// <summary>Padding around the legend band.</summary>
    public const int LegendPadding = 10;

    /// <summary>
    /// The scale from page pixels to picture pixels and the picture's size: the page on top, scaled down (never
    /// up) so that the whole picture — page and legend band below it — has no side longer than <paramref name="maxSide"/>.
    /// </summary>
    /// <param name="pageWidth">Page width in pixels.</param>
    /// <param name="pageHeight">Page height in pixels.</param>
    /// <param name="maxSide">Longest side of the picture.</param>
    /// <param name="legendItems">Entries in the legend.</param>
    public static OverlayLayout Layout(int pageWidth, int pageHeight, int maxSide, int legendItems)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageHeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 100);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(pageWidth, pageHeight));
        var legendHeight = 0;
        // The legend wraps into more rows as the picture narrows, so settle the two together (a few rounds at most).
        for (var round = 0; round < 4; round++)
        {
            legendHeight = LegendHeight(Scaled(pageWidth, scale), legendItems);
            var fit = Math.Max(Math.Min(scale, (double)(maxSide - legendHeight) / pageHeight), 1.0 / Math.Max(pageWidth, pageHeight));
            if (fit >= scale)
            {
                break;
            }

            scale = fit;
        }

        var width = Scaled(pageWidth, scale);
        var height = Scaled(pageHeight, scale);
        legendHeight = LegendHeight(width, legendItems);
        return new OverlayLayout(scale, width, height, legendHeight);
    }

    /// <summary>Height of the legend band for a picture this wide.</summary>
    public static int LegendHeight(int width, int items) =>
        items <= 0 ? 0 : (2 * LegendPadding) + (LegendRowHeight * (int)Math.Ceiling((double)items / LegendColumns(width)));

    /// <summary>Legend cells per row (at least one).</summary>
    public static int LegendColumns(int width) => Math.Max(1, (width - (2 * LegendPadding)) / LegendCellWidth);

    /// <summary>Top-left corner of legend entry <paramref name="item"/> (0-based), below a page <paramref name="pageHeight"/> pixels high.</summary>
    public static (float X, float Y) LegendCell(int item, int width, int pageHeight)
    {
        var columns = LegendColumns(width);
        return (LegendPadding + (item % columns * LegendCellWidth), pageHeight + LegendPadding + (item / columns * LegendRowHeight));
    }

    /// <summary>A box in page pixels, in picture pixels.</summary>
    public static Box Scale(Box box, double scale) =>
        new((float)(box.Left * scale), (float)(box.Top * scale), (float)(box.Right * scale), (float)(box.Bottom * scale));

    /// <summary>
    /// Where a block's reading-order label goes: in the margin left of its top-left corner when there is room
    /// (it covers no text there), else just above the corner, else inside the box; never past the page's right edge.
    /// </summary>
    /// <param name="block">The block in picture pixels.</param>
    /// <param name="labelWidth">Label width.</param>
    /// <param name="labelHeight">Label height.</param>
    /// <param name="width">Page width in picture pixels.</param>
    public static (float X, float Y) LabelPosition(Box block, float labelWidth, float labelHeight, int width)
    {
        const float Gap = 3;
        if (block.Left - labelWidth - Gap >= 0)
        {
            return (block.Left - labelWidth - Gap, Math.Max(0, block.Top));
        }

        var x = Math.Clamp(block.Left, 0, Math.Max(0, width - labelWidth));
        var y = block.Top - labelHeight >= 0 ? block.Top - labelHeight : Math.Max(0, block.Top);
        return (x, y);
    }

    /// <summary>Font size of reading-order labels: 0.7 of the median line height, within 12 to 28 pixels.</summary>
    public static float LabelFontSize(IEnumerable<float> lineHeights, double scale)
    {
        var heights = lineHeights.Where(h => h > 0).Order().ToArray();
        var median = heights.Length == 0 ? 20 : heights[heights.Length / 2] * scale;
        return (float)Math.Clamp(median * 0.7, 12, 28);
    }

    private static int Scaled(int size, double scale) => Math.Max(1, (int)Math.Round(size * scale));
}

/// <summary>The size of an overlay picture.</summary>
/// <param name="Scale">Picture pixels per page pixel (at most 1).</param>
/// <param name="Width">Picture width, and the width of the scaled page.</param>
/// <param name="PageHeight">Height of the scaled page.</param>
/// <param name="LegendHeight">Height of the legend band below the page.</param>
public readonly record struct OverlayLayout(double Scale, int Width, int PageHeight, int LegendHeight)
{
    /// <summary>Picture height: page and legend.</summary>
    public int Height => PageHeight + LegendHeight;
}
