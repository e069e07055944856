using System.Buffers.Binary;
using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.Documents.Tests;

/// <summary>Builds real encoded images for the tests.</summary>
internal static class TestImages
{
    public static readonly SKColor Red = new(255, 0, 0);
    public static readonly SKColor Blue = new(0, 0, 255);

    /// <summary>Left half red, right half blue.</summary>
    public static SKColor Halves(int x, int width) => x < width / 2 ? Red : Blue;

    public static byte[] Encode(SKEncodedImageFormat format, int width, int height, Func<int, int, SKColor> pixel)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, pixel(x, y));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 100);
        return data.ToArray();
    }

    /// <summary>A 24-bit bottom-up BMP (SkiaSharp has no BMP encoder).</summary>
    public static byte[] Bmp(int width, int height, Func<int, int, SKColor> pixel)
    {
        var rowBytes = ((width * 3) + 3) & ~3;
        var bytes = new byte[54 + (rowBytes * height)];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (var y = 0; y < height; y++)
        {
            var row = 54 + ((height - 1 - y) * rowBytes);
            for (var x = 0; x < width; x++)
            {
                var c = pixel(x, y);
                bytes[row + (x * 3)] = c.Blue;
                bytes[row + (x * 3) + 1] = c.Green;
                bytes[row + (x * 3) + 2] = c.Red;
            }
        }

        return bytes;
    }

    /// <summary>A PNG whose header declares the given size, followed by a token IDAT and IEND.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>Inserts an EXIF APP1 segment with the given orientation right after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, // little-endian TIFF header, IFD at 8
            0x01, 0x00,                                     // one entry
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, // Orientation, SHORT, count 1
            (byte)orientation, 0x00, 0x00, 0x00,            // value
            0x00, 0x00, 0x00, 0x00,                         // no next IFD
        ];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segmentLength = payload.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(segmentLength >> 8), (byte)segmentLength];
        return [.. jpeg.AsSpan(0, 2), .. app1, .. payload, .. jpeg.AsSpan(2)];
    }

    /// <summary>B, G, R, A of a raster pixel.</summary>
    public static (byte B, byte G, byte R, byte A) At(RasterImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 4;
        return (image.Bgra[i], image.Bgra[i + 1], image.Bgra[i + 2], image.Bgra[i + 3]);
    }

    public static void AssertColor(RasterImage image, int x, int y, SKColor expected, int tolerance)
    {
        var (b, g, r, a) = At(image, x, y);
        Assert.True(
            Math.Abs(r - expected.Red) <= tolerance && Math.Abs(g - expected.Green) <= tolerance
                && Math.Abs(b - expected.Blue) <= tolerance && a == 255,
            $"Pixel ({x},{y}) is R{r} G{g} B{b} A{a}; expected {expected} ± {tolerance}.");
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typeAndData));
        stream.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
