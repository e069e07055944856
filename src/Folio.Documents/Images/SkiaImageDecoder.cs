using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.Documents.Images;

/// <summary>Decodes PNG, JPEG, BMP, WebP and GIF (first frame) with SkiaSharp's <see cref="SKCodec"/>.</summary>
internal static class SkiaImageDecoder
{
    /// <summary>
    /// Reads the header, refuses images over <see cref="DocumentLimits.MaxPixels"/> before allocating
    /// the raster, then decodes to BGRA composited on white, turned upright by the EXIF orientation.
    /// </summary>
    public static unsafe RasterImage Decode(byte[] bytes, DocumentType type, DocumentLimits limits)
    {
        fixed (byte* start = bytes)
        {
            // SKData over the pinned array: no copy; both wrappers are disposed before the pin ends.
            using var data = SKData.Create((IntPtr)start, bytes.Length);
            using var codec = SKCodec.Create(data)
                ?? throw new DocumentException(DocumentErrorKind.Undecodable, $"The {type} header could not be read.");

            var width = codec.Info.Width;
            var height = codec.Info.Height;
            CheckPixels(width, height, limits, type);

            var target = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);
            var pixels = new byte[(long)width * height * 4];
            SKCodecResult result;
            fixed (byte* destination = pixels)
            {
                // Frame 0 by default, which is what we want for animated GIF and WebP.
                result = codec.GetPixels(target, (IntPtr)destination);
            }

            // IncompleteInput (a truncated file) leaves part of the raster unfilled: refuse it rather than
            // hand OCR a page whose lower part silently went grey.
            if (result != SKCodecResult.Success)
            {
                throw new DocumentException(DocumentErrorKind.Undecodable, $"The {type} image could not be decoded ({result}).");
            }

            if (codec.Info.AlphaType != SKAlphaType.Opaque)
            {
                PixelOps.CompositePremultipliedOnWhite(pixels);
            }

            var (upright, uprightWidth, uprightHeight) = PixelOps.ApplyExifOrientation(pixels, width, height, (int)codec.EncodedOrigin);
            return new RasterImage(uprightWidth, uprightHeight, upright);
        }
    }

    /// <summary>Throws <see cref="DocumentErrorKind.TooLarge"/> for rasters over the pixel limit.</summary>
    public static void CheckPixels(long width, long height, DocumentLimits limits, DocumentType type)
    {
        if (width <= 0 || height <= 0)
        {
            throw new DocumentException(DocumentErrorKind.Undecodable, $"The {type} header declares an empty image ({width}×{height}).");
        }

        var pixels = width * height;
        if (pixels > limits.MaxPixels || pixels * 4 > Array.MaxLength)
        {
            throw new DocumentException(
                DocumentErrorKind.TooLarge,
                $"The {type} image is {width}×{height} = {pixels:N0} pixels; the limit is {limits.MaxPixels:N0}.");
        }
    }
}
