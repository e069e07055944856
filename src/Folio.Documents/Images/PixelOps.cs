using System.Runtime.InteropServices;

namespace Folio.Documents.Images;

/// <summary>Pixel-buffer helpers shared by the image decoders. Buffers are packed 32-bit pixels.</summary>
internal static class PixelOps
{
    /// <summary>
    /// Composites premultiplied BGRA onto white in place: c' = c + (255 − a), a' = 255.
    /// OCR wants dark text on white, and a transparent background would otherwise read as black.
    /// </summary>
    public static void CompositePremultipliedOnWhite(Span<byte> bgra)
    {
        for (var i = 0; i + 3 < bgra.Length; i += 4)
        {
            var a = bgra[i + 3];
            if (a == 255)
            {
                continue;
            }

            var add = 255 - a;
            bgra[i] = (byte)Math.Min(255, bgra[i] + add);
            bgra[i + 1] = (byte)Math.Min(255, bgra[i + 1] + add);
            bgra[i + 2] = (byte)Math.Min(255, bgra[i + 2] + add);
            bgra[i + 3] = 255;
        }
    }

    /// <summary>
    /// Converts LibTiff's packed ABGR integers (R in the low byte) to BGRA pixels (B in the low byte, as the bytes of a
    /// <see cref="Folio.Pages.Imaging.RasterImage"/> read on little-endian machines), composited on white (LibTiff's
    /// RGBA interface hands out premultiplied alpha). <paramref name="bgra"/> is as long as <paramref name="abgr"/>.
    /// </summary>
    public static void AbgrToBgraOnWhite(ReadOnlySpan<int> abgr, Span<uint> bgra)
    {
        for (var i = 0; i < abgr.Length; i++)
        {
            var v = (uint)abgr[i];
            var r = v & 0xFF;
            var g = (v >> 8) & 0xFF;
            var b = (v >> 16) & 0xFF;
            var a = v >> 24;
            if (a != 255)
            {
                var add = 255 - a;
                r = Math.Min(255, r + add);
                g = Math.Min(255, g + add);
                b = Math.Min(255, b + add);
            }

            bgra[i] = b | (g << 8) | (r << 16) | 0xFF000000u;
        }
    }

    /// <summary>
    /// Applies an EXIF orientation (1–8) so the pixels come out the way a viewer shows them.
    /// Orientations 5–8 swap width and height.
    /// </summary>
    public static (byte[] Pixels, int Width, int Height) ApplyExifOrientation(byte[] pixels, int width, int height, int orientation)
    {
        if (orientation is < 2 or > 8)
        {
            return (pixels, width, height);
        }

        var swap = orientation >= 5;
        var outWidth = swap ? height : width;
        var outHeight = swap ? width : height;
        var source = MemoryMarshal.Cast<byte, uint>(pixels.AsSpan());
        var result = new byte[pixels.Length];
        var target = MemoryMarshal.Cast<byte, uint>(result.AsSpan());

        for (var y = 0; y < outHeight; y++)
        {
            // The source index is linear in x along an output row: start + x × step.
            var start = SourceIndex(0, y);
            var step = outWidth > 1 ? SourceIndex(1, y) - start : 0;
            var row = target.Slice(y * outWidth, outWidth);
            for (var x = 0; x < outWidth; x++)
            {
                row[x] = source[start + (x * step)];
            }
        }

        return (result, outWidth, outHeight);

        // Where output pixel (x, y) comes from in the stored (unrotated) image.
        int SourceIndex(int x, int y)
        {
            var (u, v) = orientation switch
            {
                2 => (width - 1 - x, y),               // mirrored horizontally
                3 => (width - 1 - x, height - 1 - y),  // rotated 180°
                4 => (x, height - 1 - y),              // mirrored vertically
                5 => (y, x),                           // transposed
                6 => (y, height - 1 - x),              // stored rotated 90° counter-clockwise: turn clockwise
                7 => (width - 1 - y, height - 1 - x),  // transversed
                _ => (width - 1 - y, x),               // 8: stored rotated 90° clockwise: turn counter-clockwise
            };
            return (v * width) + u;
        }
    }
}
