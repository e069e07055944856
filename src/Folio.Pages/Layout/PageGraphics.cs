using Folio.Contracts;
using Folio.Pages.Imaging;

namespace Folio.Pages.Layout;

/// <summary>
/// What the layout stage reads from the page raster besides the text lines: ruling lines (table cell boundaries)
/// and ink regions (figure candidates), in page pixels. Optional: without it, layout comes from the lines alone.
/// </summary>
/// <param name="HorizontalRules">Horizontal rules, top to bottom.</param>
/// <param name="VerticalRules">Vertical rules, left to right.</param>
/// <param name="InkRegions">Connected non-white areas, rules left out (see <see cref="InkRegions"/>).</param>
public sealed record PageGraphics(IReadOnlyList<Box> HorizontalRules, IReadOnlyList<Box> VerticalRules, IReadOnlyList<InkRegion> InkRegions)
{
    /// <summary>No rules, no regions.</summary>
    public static PageGraphics None { get; } = new([], [], []);

    /// <summary>Finds the rules and ink regions of a page raster.</summary>
    public static PageGraphics From(RasterImage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var gray = RulingLines.Gray(page.Bgra, page.Width, page.Height);
        var (horizontal, vertical) = RulingLines.Find(gray, page.Width, page.Height);
        var regions = Layout.InkRegions.Find(gray, page.Width, page.Height, [.. horizontal, .. vertical]);
        return new PageGraphics(horizontal, vertical, regions);
    }
}
