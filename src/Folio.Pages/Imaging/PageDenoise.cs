namespace Folio.Pages.Imaging;

/// <summary>Noise removal for scanned pages.</summary>
public static class PageDenoise
{
    // Paeth's network: 19 compare-exchanges leave the median of nine values in the middle.
    private static readonly (int A, int B)[] Network =
    [
        (1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3),
        (5, 8), (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2),
    ];

    /// <summary>
    /// The page in grey, each pixel the median of its 3 × 3 neighbourhood (the page's edge repeated outwards). Speckle
    /// from a noisy scan goes, edges stay where they were; strokes thinner than two pixels fade, so the result suits
    /// finding text, not reading it.
    /// </summary>
    public static RasterImage Median3(RasterImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        var src = image.Bgra;
        var grey = new byte[w * h];
        for (var i = 0; i < grey.Length; i++)
        {
            var p = i * RasterImage.Channels;
            grey[i] = (byte)((src[p] + src[p + 1] + src[p + 2] + 1) / 3);
        }

        var output = new byte[w * h * RasterImage.Channels];
        Span<byte> window = stackalloc byte[9];
        for (var y = 0; y < h; y++)
        {
            int above = Math.Max(0, y - 1) * w, row = y * w, below = Math.Min(h - 1, y + 1) * w;
            for (var x = 0; x < w; x++)
            {
                int left = Math.Max(0, x - 1), right = Math.Min(w - 1, x + 1);
                window[0] = grey[above + left];
                window[1] = grey[above + x];
                window[2] = grey[above + right];
                window[3] = grey[row + left];
                window[4] = grey[row + x];
                window[5] = grey[row + right];
                window[6] = grey[below + left];
                window[7] = grey[below + x];
                window[8] = grey[below + right];
                var median = MedianOfNine(window);
                var o = (row + x) * RasterImage.Channels;
                output[o] = median;
                output[o + 1] = median;
                output[o + 2] = median;
                output[o + 3] = 255;
            }
        }

        return new RasterImage(w, h, output);
    }

    private static byte MedianOfNine(Span<byte> v)
    {
        foreach (var (a, b) in Network)
        {
            if (v[a] > v[b])
            {
                (v[a], v[b]) = (v[b], v[a]);
            }
        }

        return v[4];
    }
}
