using Folio.Pages.Geometry;
using Folio.Pages.Imaging;

namespace Folio.Ocr.Recognition;

/// <summary>
/// Pure sampling of a text quad straight into a recognizer tensor: perspective crop, resize to the model height and
/// normalisation in one pass, so no intermediate crop image is ever allocated.
/// </summary>
public static class CropSampler
{
    /// <summary>
    /// Width the quad takes once scaled to <paramref name="targetHeight"/>, capped at <paramref name="maxWidth"/>
    /// (PaddleOCR: ceil(h × w / h), at most the batch width).
    /// </summary>
    public static int ScaledWidth(Quad quad, int targetHeight, int maxWidth)
    {
        var ratio = quad.Height <= 0 ? 1 : quad.Width / quad.Height;
        return Math.Clamp((int)MathF.Ceiling(targetHeight * ratio), 1, maxWidth);
    }

    /// <summary>
    /// The transform from tensor coordinates (0..<paramref name="width"/>, 0..<paramref name="height"/>) to page
    /// coordinates for <paramref name="quad"/>.
    /// </summary>
    public static Homography TensorToPage(Quad quad, int width, int height) =>
        Homography.FromPoints(
            [new PointF(0, 0), new PointF(width, 0), new PointF(width, height), new PointF(0, height)],
            quad.ToArray());

    /// <summary>
    /// Writes one crop into <paramref name="destination"/>, a 3 × <paramref name="height"/> × <paramref name="tensorWidth"/>
    /// slice in B, G, R planes normalised to (x / 255 − 0.5) / 0.5. Columns from <paramref name="contentWidth"/> to
    /// <paramref name="tensorWidth"/> are zero (PaddleOCR's right padding).
    /// </summary>
    public static void Fill(RasterImage page, Quad quad, int contentWidth, int height, int tensorWidth, Span<float> destination)
    {
        var plane = height * tensorWidth;
        destination[..(3 * plane)].Clear();
        var map = TensorToPage(quad, contentWidth, height);
        var src = page.Bgra;
        var stride = page.Stride;
        int maxX = page.Width - 1, maxY = page.Height - 1;
        const float Scale = 2f / 255f;
        for (var v = 0; v < height; v++)
        {
            for (var u = 0; u < contentWidth; u++)
            {
                // Sample at pixel centres; pixel (i, j) of the page covers [i, i+1) so its centre is i + 0.5.
                var p = map.Map(u + 0.5f, v + 0.5f);
                var sx = Math.Clamp(p.X - 0.5f, 0, maxX);
                var sy = Math.Clamp(p.Y - 0.5f, 0, maxY);
                int x0 = (int)sx, y0 = (int)sy;
                int x1 = Math.Min(x0 + 1, maxX), y1 = Math.Min(y0 + 1, maxY);
                float fx = sx - x0, fy = sy - y0;
                int a = (y0 * stride) + (x0 * 4), b = (y0 * stride) + (x1 * 4), c = (y1 * stride) + (x0 * 4), d = (y1 * stride) + (x1 * 4);
                var offset = (v * tensorWidth) + u;
                for (var ch = 0; ch < 3; ch++)
                {
                    var top = src[a + ch] + ((src[b + ch] - src[a + ch]) * fx);
                    var bottom = src[c + ch] + ((src[d + ch] - src[c + ch]) * fx);
                    destination[(ch * plane) + offset] = ((top + ((bottom - top) * fy)) * Scale) - 1f;
                }
            }
        }
    }

    /// <summary>Share of a crop's pixels that <see cref="StretchContrast"/> maps to full ink (the darkest) and to paper (the lightest).</summary>
    public const float InkShare = 0.02f;

    /// <summary>
    /// Spreads a sampled crop (3 planes of <paramref name="plane"/> values in −1 … 1, as <see cref="Fill"/> writes them)
    /// over the whole range, in grey: the level below which <see cref="InkShare"/> of the pixels lie becomes −1 (ink),
    /// the level above which that share lies becomes 1 (paper), levels between scale linearly and the rest is clipped.
    /// A blurred, noisy or faded scan then reaches the recognizer with the contrast of a clean one, and the noise on the
    /// paper is cut off. A crop with hardly any contrast (a blank strip: under 0.1 of the range between the two levels)
    /// is left as it is.
    /// </summary>
    public static void StretchContrast(Span<float> pixels, int plane)
    {
        const int Bins = 512;
        Span<int> histogram = stackalloc int[Bins];
        histogram.Clear();
        for (var i = 0; i < plane; i++)
        {
            histogram[Bin(Grey(pixels, plane, i))]++;
        }

        var share = Math.Max(1, (int)(InkShare * plane));
        int ink = 0, paper = Bins - 1;
        for (int seen = 0; ink < Bins - 1 && (seen += histogram[ink]) < share; ink++)
        {
        }

        for (int seen = 0; paper > 0 && (seen += histogram[paper]) < share; paper--)
        {
        }

        float low = Level(ink), high = Level(paper);
        if (high - low < 0.2f)
        {
            return;
        }

        var scale = 2f / (high - low);
        for (var i = 0; i < plane; i++)
        {
            var v = Math.Clamp(((Grey(pixels, plane, i) - low) * scale) - 1f, -1f, 1f);
            pixels[i] = v;
            pixels[plane + i] = v;
            pixels[(2 * plane) + i] = v;
        }

        static float Grey(Span<float> pixels, int plane, int i) => (pixels[i] + pixels[plane + i] + pixels[(2 * plane) + i]) / 3f;

        static int Bin(float v) => Math.Clamp((int)((v + 1f) * 0.5f * Bins), 0, Bins - 1);

        static float Level(int bin) => ((bin + 0.5f) * 2f / Bins) - 1f;
    }
}
