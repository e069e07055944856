using Folio.Pages.Imaging;

namespace Folio.Ocr.Detection;

/// <summary>Pure pre-processing for the DB text detector: resize to multiples of 32 and normalise into CHW floats.</summary>
public static class DetectionPreprocess
{
    // ImageNet statistics, applied to channels in B, G, R order as PaddleOCR feeds OpenCV's BGR images.
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// Size the detector sees: the longest side is scaled down to at most <paramref name="maxSide"/> (never up),
    /// then each side is rounded to the nearest multiple of 32, at least 32.
    /// </summary>
    public static (int Width, int Height) ComputeInputSize(int width, int height, int maxSide)
    {
        var ratio = Math.Max(width, height) > maxSide ? (double)maxSide / Math.Max(width, height) : 1.0;
        var h = (int)(height * ratio);
        var w = (int)(width * ratio);
        return (RoundTo32(w), RoundTo32(h));
    }

    /// <summary>Rounds to the nearest multiple of 32 (half to even, as Python 3 round), , at least 32.</summary>
    public static int RoundTo32(int value) => Math.Max((int)Math.Round(value / 32.0, MidpointRounding.ToEven) * 32, 32);

    /// <summary>
    /// Bilinearly resizes <paramref name="image"/> to <paramref name="width"/> × <paramref name="height"/> and writes
    /// normalised B, G, R planes into <paramref name="destination"/> (length 3 × width × height).
    /// </summary>
    public static void FillTensor(RasterImage image, int width, int height, Span<float> destination) =>
        FillRows(image, width, height, destination, 0, height);

    /// <summary>
    /// <see cref="FillTensor(RasterImage, int, int, Span{float})"/> into an array, with bands of rows filled in
    /// parallel when <paramref name="parallel"/> (where cores are idle while the model runs on a GPU); the same values
    /// either way.
    /// </summary>
    public static void FillTensor(RasterImage image, int width, int height, float[] destination, bool parallel)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!parallel)
        {
            FillTensor(image, width, height, destination.AsSpan());
            return;
        }

        const int band = 64;
        Parallel.For(0, (height + band - 1) / band, b => FillRows(image, width, height, destination, b * band, Math.Min(height, (b + 1) * band)));
    }

    private static void FillRows(RasterImage image, int width, int height, Span<float> destination, int fromRow, int toRow)
    {
        var plane = width * height;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        var lut = BuildLookup();
        var (x0, x1, wx) = Taps(image.Width, width);
        var src = image.Bgra;
        var stride = image.Stride;
        var scaleY = (double)image.Height / height;
        for (var y = fromRow; y < toRow; y++)
        {
            var sy = Math.Clamp(((y + 0.5) * scaleY) - 0.5, 0, image.Height - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, image.Height - 1);
            var fy = (float)(sy - y0);
            var row0 = y0 * stride;
            var row1 = y1 * stride;
            var outRow = y * width;
            for (var x = 0; x < width; x++)
            {
                int a = row0 + x0[x], b = row0 + x1[x], c = row1 + x0[x], d = row1 + x1[x];
                var fx = wx[x];
                for (var ch = 0; ch < 3; ch++)
                {
                    var top = src[a + ch] + ((src[b + ch] - src[a + ch]) * fx);
                    var bottom = src[c + ch] + ((src[d + ch] - src[c + ch]) * fx);
                    var v = top + ((bottom - top) * fy);
                    destination[(ch * plane) + outRow + x] = (v * lut[ch * 2]) + lut[(ch * 2) + 1];
                }
            }
        }
    }

    // Per channel: multiplier and offset so that value * k + o == (value / 255 - mean) / std.
    private static float[] BuildLookup()
    {
        var lut = new float[6];
        for (var ch = 0; ch < 3; ch++)
        {
            lut[ch * 2] = 1f / (255f * Std[ch]);
            lut[(ch * 2) + 1] = -Mean[ch] / Std[ch];
        }

        return lut;
    }

    // Byte offsets of the two horizontal taps and the weight of the right one, per output column.
    private static (int[] Left, int[] Right, float[] Weight) Taps(int sourceWidth, int width)
    {
        var left = new int[width];
        var right = new int[width];
        var weight = new float[width];
        var scale = (double)sourceWidth / width;
        for (var x = 0; x < width; x++)
        {
            var sx = Math.Clamp(((x + 0.5) * scale) - 0.5, 0, sourceWidth - 1);
            var x0 = (int)sx;
            left[x] = x0 * RasterImage.Channels;
            right[x] = Math.Min(x0 + 1, sourceWidth - 1) * RasterImage.Channels;
            weight[x] = (float)(sx - x0);
        }

        return (left, right, weight);
    }
}
