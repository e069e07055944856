using Folio.Contracts;
using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.Vlm;

/// <summary>A pixel rectangle inside a raster.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);

/// <summary>Cuts regions out of the page raster and encodes them as PNG for the server.</summary>
public static class RegionCrop
{
    /// <summary>The region grown by <paramref name="margin"/> pixels on each side, rounded outwards, clipped to the page; at least 1 × 1.</summary>
    public static PixelRect Expand(Box region, int margin, int pageWidth, int pageHeight)
    {
        var left = Math.Clamp((int)MathF.Floor(region.Left) - margin, 0, pageWidth - 1);
        var top = Math.Clamp((int)MathF.Floor(region.Top) - margin, 0, pageHeight - 1);
        var right = Math.Clamp((int)MathF.Ceiling(region.Right) + margin, left + 1, pageWidth);
        var bottom = Math.Clamp((int)MathF.Ceiling(region.Bottom) + margin, top + 1, pageHeight);
        return new PixelRect(left, top, right - left, bottom - top);
    }

    /// <summary>Copies a rectangle of the raster.</summary>
    public static RasterImage Cut(RasterImage page, PixelRect rect)
    {
        var bytes = new byte[rect.Width * rect.Height * RasterImage.Channels];
        var rowBytes = rect.Width * RasterImage.Channels;
        for (var y = 0; y < rect.Height; y++)
        {
            Buffer.BlockCopy(page.Bgra, ((rect.Y + y) * page.Stride) + (rect.X * RasterImage.Channels), bytes, y * rowBytes, rowBytes);
        }

        return new RasterImage(rect.Width, rect.Height, bytes);
    }

    /// <summary>PNG bytes of a raster.</summary>
    public static byte[] EncodePng(RasterImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        using var skImage = SKImage.FromPixelCopy(info, image.Bgra, image.Stride)
            ?? throw new InvalidOperationException($"SkiaSharp could not wrap a {image.Width}×{image.Height} raster.");
        using var data = skImage.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The crop of a region with its margin, as PNG.</summary>
    public static byte[] CropPng(RasterImage page, Box region, int margin) =>
        EncodePng(Cut(page, Expand(region, margin, page.Width, page.Height)));
}
