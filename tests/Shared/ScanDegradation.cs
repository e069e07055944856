using Folio.Pages.Imaging;

namespace Folio.Testing;

/// <summary>A worse scan of a clean rendering, the same in the tests and the layout bench.</summary>
internal static class ScanDegradation
{
    /// <summary>A worse scan: turned 0.6° (bilinear), a 3×3 blur, Gaussian noise (σ 18), fixed seed.</summary>
    public static RasterImage Apply(RasterImage image)
    {
        int w = image.Width, h = image.Height;
        var grey = new float[w * h];
        for (var i = 0; i < w * h; i++)
        {
            grey[i] = (image.Bgra[4 * i] + image.Bgra[(4 * i) + 1] + image.Bgra[(4 * i) + 2]) / 3f;
        }

        var angle = 0.6 * Math.PI / 180;
        float cos = (float)Math.Cos(angle), sin = (float)Math.Sin(angle), cx = w / 2f, cy = h / 2f;
        var turned = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var sx = (cos * (x - cx)) + (sin * (y - cy)) + cx;
                var sy = (-sin * (x - cx)) + (cos * (y - cy)) + cy;
                int x0 = (int)MathF.Floor(sx), y0 = (int)MathF.Floor(sy);
                if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h)
                {
                    turned[(y * w) + x] = 255;
                    continue;
                }

                float fx = sx - x0, fy = sy - y0;
                turned[(y * w) + x] = (grey[(y0 * w) + x0] * (1 - fx) * (1 - fy)) + (grey[(y0 * w) + x0 + 1] * fx * (1 - fy))
                    + (grey[((y0 + 1) * w) + x0] * (1 - fx) * fy) + (grey[((y0 + 1) * w) + x0 + 1] * fx * fy);
            }
        }

        var random = new Random(16);
        var bgra = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                float sum = 0;
                var n = 0;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int xx = x + dx, yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h)
                        {
                            sum += turned[(yy * w) + xx];
                            n++;
                        }
                    }
                }

                var noise = 18 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var value = (byte)Math.Clamp((sum / n) + noise, 0, 255);
                var i = 4 * ((y * w) + x);
                (bgra[i], bgra[i + 1], bgra[i + 2], bgra[i + 3]) = (value, value, value, 255);
            }
        }

        return new RasterImage(w, h, bgra);
    }
}
