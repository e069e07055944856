namespace Folio.Pages.Geometry;

/// <summary>A 3×3 projective transform, mapping (x, y) to ((a x + b y + c) / w, (d x + e y + f) / w), w = g x + h y + 1.</summary>
public readonly struct Homography
{
    private readonly double _a, _b, _c, _d, _e, _f, _g, _h;

    private Homography(ReadOnlySpan<double> k)
    {
        (_a, _b, _c, _d, _e, _f, _g, _h) = (k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]);
    }

    /// <summary>Maps a point.</summary>
    public PointF Map(float x, float y)
    {
        var w = (_g * x) + (_h * y) + 1;
        return new PointF((float)(((_a * x) + (_b * y) + _c) / w), (float)(((_d * x) + (_e * y) + _f) / w));
    }

    /// <summary>
    /// The transform taking the four <paramref name="from"/> points onto the four <paramref name="to"/> points
    /// (as cv2.getPerspectiveTransform). Solves the 8×8 linear system by Gaussian elimination with partial pivoting.
    /// </summary>
    /// <exception cref="ArgumentException">Three of the points are collinear.</exception>
    public static Homography FromPoints(ReadOnlySpan<PointF> from, ReadOnlySpan<PointF> to)
    {
        if (from.Length != 4 || to.Length != 4)
        {
            throw new ArgumentException("A homography needs four point pairs.");
        }

        var m = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            double x = from[i].X, y = from[i].Y, u = to[i].X, v = to[i].Y;
            SetRow(m, 2 * i, [x, y, 1, 0, 0, 0, -x * u, -y * u, u]);
            SetRow(m, (2 * i) + 1, [0, 0, 0, x, y, 1, -x * v, -y * v, v]);
        }

        for (var col = 0; col < 8; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 8; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(m[pivot, col]) < 1e-12)
            {
                throw new ArgumentException("Degenerate quadrilateral: no perspective transform exists.");
            }

            for (var c = 0; c < 9; c++)
            {
                (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            }

            for (var r = 0; r < 8; r++)
            {
                if (r == col)
                {
                    continue;
                }

                var factor = m[r, col] / m[col, col];
                for (var c = col; c < 9; c++)
                {
                    m[r, c] -= factor * m[col, c];
                }
            }
        }

        Span<double> k = stackalloc double[8];
        for (var i = 0; i < 8; i++)
        {
            k[i] = m[i, 8] / m[i, i];
        }

        return new Homography(k);
    }

    private static void SetRow(double[,] m, int row, ReadOnlySpan<double> values)
    {
        for (var c = 0; c < values.Length; c++)
        {
            m[row, c] = values[c];
        }
    }
}
