using Folio.Contracts;
using Folio.Pages.Imaging;

namespace Folio.Pages;

/// <summary>
/// A page ready to be read: its raster and the <see cref="PageResult"/> every reader of it fills in (page number,
/// size, dpi). The page number is the page's 1-based number in its document, set once here and carried to the result.
/// </summary>
/// <param name="Raster">The page's pixels.</param>
/// <param name="Shell">The result before reading: number, size, dpi, succeeded, no blocks yet.</param>
/// <param name="TimingsMs">Milliseconds spent getting the page (e.g. <c>render</c>), for the result's provenance.</param>
public sealed record RenderedPage(RasterImage Raster, PageResult Shell, IReadOnlyDictionary<string, double> TimingsMs)
{
    /// <summary>Pages in the bytes the page was read from.</summary>
    public int SourcePageCount { get; init; } = 1;

    /// <summary>The page number, 1-based.</summary>
    public int PageNumber => Shell.PageNumber;

    /// <summary>A raster numbered <paramref name="pageNumber"/>, sized as the raster.</summary>
    /// <param name="raster">The page's pixels.</param>
    /// <param name="pageNumber">1-based number of the page in its document.</param>
    /// <param name="dpi">Resolution of the raster when known (PDF pages); null for images.</param>
    /// <param name="timingsMs">Milliseconds spent getting the page; none when null.</param>
    public static RenderedPage Of(RasterImage raster, int pageNumber, double? dpi = null, IReadOnlyDictionary<string, double>? timingsMs = null)
    {
        ArgumentNullException.ThrowIfNull(raster);
        return new(raster, ShellOf(pageNumber, raster.Width, raster.Height, dpi), timingsMs ?? new Dictionary<string, double>());
    }

    /// <summary>The result of page <paramref name="pageNumber"/> before it is read.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A page number under 1.</exception>
    public static PageResult ShellOf(int pageNumber, int width, int height, double? dpi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        return new PageResult { PageNumber = pageNumber, Width = width, Height = height, Dpi = dpi, Status = PageStatus.Succeeded };
    }
}
