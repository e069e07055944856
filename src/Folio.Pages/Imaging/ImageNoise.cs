namespace Folio.Pages.Imaging;

/// <summary>How noisy a page raster is, for stages that treat noisy scans differently.</summary>
public static class ImageNoise
{
    /// <summary>
    /// The standard deviation of the page's additive noise in grey levels (0–255), by Immerkær's estimator: the mean
    /// absolute response of a mask that cancels flat areas and straight edges (1 −2 1 / −2 4 −2 / 1 −2 1), times
    /// √(π/2) / 6. Pixels next to strong structure (text edges) are left out, so ink does not read as noise. A clean
    /// rendering gives about 0, a scan with Gaussian noise of σ about σ. Every second row and column is sampled.
    /// </summary>
    public static double Sigma(RasterImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        if (w < 3 || h < 3)
        {
            return 0;
        }

        var src = image.Bgra;
        var stride = image.Stride;
        double sum = 0;
        long count = 0;
        for (var y = 1; y < h - 1; y += 2)
        {
            for (var x = 1; x < w - 1; x += 2)
            {
                double response = 0, range = 0;
                double lo = 255, hi = 0;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var i = ((y + dy) * stride) + ((x + dx) * RasterImage.Channels);
                        double grey = (src[i] + src[i + 1] + src[i + 2]) / 3.0;
                        var weight = dx == 0 && dy == 0 ? 4 : dx == 0 || dy == 0 ? -2 : 1;
                        response += weight * grey;
                        lo = Math.Min(lo, grey);
                        hi = Math.Max(hi, grey);
                    }
                }

                range = hi - lo;
                // Ink edges span most of the grey range in a 3 × 3 window; noise of the sizes that matter does not.
                if (range > 160)
                {
                    continue;
                }

                sum += Math.Abs(response);
                count++;
            }
        }

        return count == 0 ? 0 : Math.Sqrt(Math.PI / 2) / 6 * sum / count;
    }
}
