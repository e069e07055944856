using Folio.Documents;
using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.Bench;

/// <summary>PNG encoding of a raster, so both engines start from the same file bytes; and the PNG pages of a folder.</summary>
internal static class Png
{
    /// <summary>The folder's <c>*.png</c> files in name order (as <c>folio-bench export</c> writes them) and their pages at 150 dpi.</summary>
    public static (string[] Files, RasterImage[] Pages) ReadFolder(string folder)
    {
        var files = Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).ToArray();
        return (files, [.. files.Select(f =>
        {
            using var document = DocumentOpener.Open(File.ReadAllBytes(f), DocumentLimits.Default);
            return document.RenderPage(0, 150);
        })]);
    }

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
