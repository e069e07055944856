namespace Folio.Pages.Imaging;

/// <summary>
/// A page raster in memory: 8-bit BGRA, rows packed without padding (stride = width × 4).
/// BGRA is what both cairo (poppler) and SkiaSharp produce natively on little-endian machines,
/// so decoders hand their buffers over without a conversion pass.
/// </summary>
public sealed class RasterImage
{
    /// <summary>Bytes per pixel.</summary>
    public const int Channels = 4;

    /// <summary>Creates an image over an existing BGRA buffer.</summary>
    /// <exception cref="ArgumentException">The buffer is smaller than width × height × 4.</exception>
    public RasterImage(int width, int height, byte[] bgra)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(bgra);
        if (bgra.Length < (long)width * height * Channels)
        {
            throw new ArgumentException($"Buffer holds {bgra.Length} bytes; a {width}×{height} BGRA image needs {(long)width * height * Channels}.", nameof(bgra));
        }

        Width = width;
        Height = height;
        Bgra = bgra;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Pixel data, B, G, R, A per pixel, row after row.</summary>
    public byte[] Bgra { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * Channels;

    /// <summary>Creates a white image, handy for tests and synthetic pages.</summary>
    public static RasterImage CreateWhite(int width, int height)
    {
        var buffer = new byte[checked(width * height * Channels)];
        Array.Fill(buffer, (byte)255);
        return new RasterImage(width, height, buffer);
    }

    /// <summary>A copy turned 180°.</summary>
    public RasterImage Rotated180()
    {
        var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(Bgra.AsSpan());
        var turned = new byte[Bgra.Length];
        var target = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(turned.AsSpan());
        pixels.CopyTo(target);
        target.Reverse();
        return new RasterImage(Width, Height, turned);
    }
}
