namespace Folio.Pages.Geometry;

/// <summary>
/// Four corners of a text region, ordered as the text reads: top-left, top-right, bottom-right, bottom-left.
/// </summary>
public readonly record struct Quad(PointF TopLeft, PointF TopRight, PointF BottomRight, PointF BottomLeft)
{
    /// <summary>Length of the reading direction: the longer of the top and bottom edges.</summary>
    public float Width => MathF.Max(TopLeft.DistanceTo(TopRight), BottomLeft.DistanceTo(BottomRight));

    /// <summary>Length across the reading direction: the longer of the left and right edges.</summary>
    public float Height => MathF.Max(TopLeft.DistanceTo(BottomLeft), TopRight.DistanceTo(BottomRight));

    /// <summary>Smallest y of the corners.</summary>
    public float MinY => MathF.Min(MathF.Min(TopLeft.Y, TopRight.Y), MathF.Min(BottomRight.Y, BottomLeft.Y));

    /// <summary>Largest y of the corners.</summary>
    public float MaxY => MathF.Max(MathF.Max(TopLeft.Y, TopRight.Y), MathF.Max(BottomRight.Y, BottomLeft.Y));

    /// <summary>Smallest x of the corners.</summary>
    public float MinX => MathF.Min(MathF.Min(TopLeft.X, TopRight.X), MathF.Min(BottomRight.X, BottomLeft.X));

    /// <summary>Largest x of the corners.</summary>
    public float MaxX => MathF.Max(MathF.Max(TopLeft.X, TopRight.X), MathF.Max(BottomRight.X, BottomLeft.X));

    /// <summary>The corners as an array in reading order.</summary>
    public PointF[] ToArray() => [TopLeft, TopRight, BottomRight, BottomLeft];

    /// <summary>The same region read after turning it 90° anticlockwise (text running bottom to top).</summary>
    public Quad RotatedAnticlockwise() => new(TopRight, BottomRight, BottomLeft, TopLeft);

    /// <summary>The same region read upside down.</summary>
    public Quad Rotated180() => new(BottomRight, BottomLeft, TopLeft, TopRight);

    /// <summary>The same corners, in the same order, on a <paramref name="width"/> × <paramref name="height"/> page turned 180°.</summary>
    public Quad OnPageTurned180(float width, float height) => new(
        new PointF(width - TopLeft.X, height - TopLeft.Y),
        new PointF(width - TopRight.X, height - TopRight.Y),
        new PointF(width - BottomRight.X, height - BottomRight.Y),
        new PointF(width - BottomLeft.X, height - BottomLeft.Y));

    /// <summary>Multiplies every coordinate.</summary>
    public Quad Scale(float sx, float sy) => new(
        new PointF(TopLeft.X * sx, TopLeft.Y * sy),
        new PointF(TopRight.X * sx, TopRight.Y * sy),
        new PointF(BottomRight.X * sx, BottomRight.Y * sy),
        new PointF(BottomLeft.X * sx, BottomLeft.Y * sy));

    /// <summary>
    /// Orders four arbitrary corners clockwise from the top-left, as PaddleOCR's detector does:
    /// the two leftmost points give top-left and bottom-left, the two rightmost top-right and bottom-right.
    /// </summary>
    public static Quad FromCornersClockwise(ReadOnlySpan<PointF> corners)
    {
        if (corners.Length != 4)
        {
            throw new ArgumentException("A quad has four corners.", nameof(corners));
        }

        Span<PointF> p = stackalloc PointF[4];
        corners.CopyTo(p);
        // Stable order by x, then y, so that ties resolve the same way every time.
        p.Sort(static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        var (tl, bl) = p[0].Y <= p[1].Y ? (p[0], p[1]) : (p[1], p[0]);
        var (tr, br) = p[2].Y <= p[3].Y ? (p[2], p[3]) : (p[3], p[2]);
        return new Quad(tl, tr, br, bl);
    }
}
