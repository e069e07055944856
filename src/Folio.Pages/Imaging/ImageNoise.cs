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
    /// <param name="image">The page.</param>
    /// <param name="parallel">
    /// Whether bands of rows are read side by side (for callers whose cores are otherwise idle); the sums are integers,
    /// so the value is the same either way.
    /// </param>
    public static double Sigma(RasterImage image, bool parallel = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        if (w < 3 || h < 3)
        {
            return 0;
        }

        // Sampled rows are 1, 3, 5, … below h − 1; a band is a run of them.
        var sampledRows = (h - 1) / 2;
        if (!parallel || sampledRows < 2 * BandRows)
        {
            var (sum, count) = Band(image, 1, h - 1);
            return Estimate(sum, count);
        }

        var bands = (sampledRows + BandRows - 1) / BandRows;
        long total = 0, samples = 0;
        Parallel.For(0, bands, band =>
        {
            var from = 1 + (2 * band * BandRows);
            var (sum, count) = Band(image, from, Math.Min(h - 1, from + (2 * BandRows)));
            Interlocked.Add(ref total, sum);
            Interlocked.Add(ref samples, count);
        });
        return Estimate(total, samples);
    }

    // Sampled rows per band when read side by side.
    private const int BandRows = 64;

    private static double Estimate(long sum, long count) => count == 0 ? 0 : Math.Sqrt(Math.PI / 2) / 6 * (sum / 3.0) / count;

    // The mask's summed response and the count of pixels it was taken at, over the sampled rows y = from, from + 2, …
    // below to (from odd).
    private static (long Sum, long Count) Band(RasterImage image, int from, int to)
    {
        var w = image.Width;

        // Sums of the three channels (three times the grey level) of the three rows under each sampled row, so that
        // every pixel is read once, and integer arithmetic throughout: three times the mask's response and
        // range, compared and summed exactly.
        var src = image.Bgra;
        var stride = image.Stride;
        var rows = new int[3][];
        for (var r = 0; r < 3; r++)
        {
            rows[r] = new int[w];
        }

        void Fill(int[] row, int y)
        {
            var offset = y * stride;
            for (var x = 0; x < w; x++)
            {
                var i = offset + (x * RasterImage.Channels);
                row[x] = src[i] + src[i + 1] + src[i + 2];
            }
        }

        long sum = 0, count = 0;
        for (var y = from; y < to; y += 2)
        {
            // The row below the last sampled row is the row above this one.
            if (y == from)
            {
                Fill(rows[0], y - 1);
            }
            else
            {
                (rows[0], rows[2]) = (rows[2], rows[0]);
            }

            Fill(rows[1], y);
            Fill(rows[2], y + 1);

            int[] above = rows[0], middle = rows[1], below = rows[2];
            for (var x = 1; x < w - 1; x += 2)
            {
                int a = above[x - 1], b = above[x], c = above[x + 1];
                int d = middle[x - 1], e = middle[x], f = middle[x + 1];
                int g = below[x - 1], k = below[x], l = below[x + 1];
                var lo = Math.Min(Math.Min(Math.Min(a, b), Math.Min(c, d)), Math.Min(Math.Min(e, f), Math.Min(Math.Min(g, k), l)));
                var hi = Math.Max(Math.Max(Math.Max(a, b), Math.Max(c, d)), Math.Max(Math.Max(e, f), Math.Max(Math.Max(g, k), l)));

                // Ink edges span most of the grey range in a 3 × 3 window (over 160 levels); noise of the sizes that
                // matter does not.
                if (hi - lo > 3 * 160)
                {
                    continue;
                }

                sum += Math.Abs(a + c + g + l - (2 * (b + d + f + k)) + (4 * e));
                count++;
            }
        }

        return (sum, count);
    }
}
