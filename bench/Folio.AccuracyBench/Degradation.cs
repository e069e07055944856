using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.AccuracyBench;

/// <summary>
/// Makes a page look scanned and compressed: turned by 1.2°, blurred (Gaussian, sigma 0.7 px), grey Gaussian noise
/// (sigma 12 levels, from a seeded generator) and JPEG at quality 35. The same raster and seed give the same bytes.
/// </summary>
internal static class Degradation
{
    public const float RotationDegrees = 1.2f;
    public const float BlurSigma = 0.7f;
    public const double NoiseSigma = 12;
    public const int JpegQuality = 35;

    public static byte[] Apply(RasterImage page, int seed)
    {
        var info = new SKImageInfo(page.Width, page.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        using var source = SKImage.FromPixelCopy(info, page.Bgra, page.Stride);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        using (var blur = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(BlurSigma, BlurSigma) })
        {
            canvas.Clear(SKColors.White);
            canvas.Translate(page.Width / 2f, page.Height / 2f);
            canvas.RotateDegrees(RotationDegrees);
            canvas.Translate(-page.Width / 2f, -page.Height / 2f);
            canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), blur);
        }

        var pixels = bitmap.Bytes;
        AddNoise(pixels, new Random(seed));
        using var noisy = SKImage.FromPixelCopy(new SKImageInfo(page.Width, page.Height, SKColorType.Bgra8888, SKAlphaType.Opaque), pixels, bitmap.RowBytes);
        using var jpeg = noisy.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return jpeg.ToArray();
    }

    /// <summary>A seed that depends only on the text (string.GetHashCode changes from run to run).</summary>
    public static int SeedFor(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }

    /// <summary>The same Gaussian offset on B, G and R of every pixel (Box–Muller), clamped to 0–255.</summary>
    private static void AddNoise(byte[] bgra, Random random)
    {
        for (var i = 0; i < bgra.Length; i += 4)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var offset = (int)Math.Round(NoiseSigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            for (var c = 0; c < 3; c++)
            {
                bgra[i + c] = (byte)Math.Clamp(bgra[i + c] + offset, 0, 255);
            }

            bgra[i + 3] = 255;
        }
    }
}
