namespace Folio.Documents;

/// <summary>
/// The size of a page in PDF points (1/72 inch), after the page's rotation is applied.
/// For images a pixel counts as a point (72 dpi equivalence), so the size is the pixel size;
/// <see cref="ToPixels"/> with 72 gives it back exactly.
/// </summary>
/// <param name="WidthPoints">Width in points.</param>
/// <param name="HeightPoints">Height in points.</param>
public readonly record struct PageSize(double WidthPoints, double HeightPoints)
{
    /// <summary>
    /// The raster size a PDF page gets at <paramref name="dpi"/>: each side × dpi / 72, rounded up,
    /// which is what <see cref="IDocument.RenderPage"/> produces for PDF pages.
    /// </summary>
    public (int Width, int Height) ToPixels(double dpi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        return (ToPixelCount(WidthPoints, dpi), ToPixelCount(HeightPoints, dpi));
    }

    private static int ToPixelCount(double points, double dpi)
    {
        // A small tolerance keeps 612 pt at 150 dpi at 1275 px instead of 1276 from rounding noise.
        var pixels = Math.Ceiling((points * dpi / 72.0) - 1e-6);
        return pixels >= int.MaxValue ? int.MaxValue : Math.Max(1, (int)pixels);
    }
}
