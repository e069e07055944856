using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.Bench;

/// <summary>PNG encoding of a raster, so both engines start from the same file bytes.</summary>
internal static class Png
{
    public static byte[] Encode(RasterImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap();
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(image.Bgra, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            bitmap.InstallPixels(info, handle.AddrOfPinnedObject(), image.Stride);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 90);
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }
}
