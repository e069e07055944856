using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.Documents;

/// <summary>PNG encoding of page rasters (BGRA, opaque), with SkiaSharp.</summary>
public static class PngEncoder
{
    /// <summary>The raster as PNG bytes.</summary>
    /// <exception cref="DocumentException">Kind <see cref="DocumentErrorKind.Undecodable"/> when Skia cannot take the pixels.</exception>
    public static byte[] Encode(RasterImage raster)
    {
        ArgumentNullException.ThrowIfNull(raster);
        var info = new SKImageInfo(raster.Width, raster.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, raster.Bgra.AsSpan(), raster.Stride)
            ?? throw new DocumentException(DocumentErrorKind.Undecodable, "The page could not be converted to PNG.");
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
