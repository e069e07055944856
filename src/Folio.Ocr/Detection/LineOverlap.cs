using Folio.Pages.Geometry;

namespace Folio.Ocr.Detection;

/// <summary>
/// Trims the parts of text-line boxes that reach into the line above or below. The detector grows each line's core
/// by a fixed share of its height, so in tightly set small type (footnotes, affiliations) a box takes in a third of
/// its neighbours: the recognizer then sees their fragments, and the line, scaled to the model's height by a box too
/// tall for its glyphs, gets too few time steps a letter and drops letters.
/// </summary>
public static class LineOverlap
{
    /// <summary>
    /// Boxes are trimmed only where they overlap by at least this share of the shorter one's height: body text, whose
    /// boxes barely touch, reads better with the margin the detector gave it, above all on blurred scans.
    /// </summary>
    public const float MinOverlapShare = 0.2f;

    /// <summary>
    /// For every pair of near-horizontal boxes one above the other that overlap (sharing at least a third of the
    /// narrower one's width, by at least <see cref="MinOverlapShare"/> of the shorter one's height), moves the upper
    /// box's bottom and the lower box's top to the middle of their overlap.
    /// A box never loses more than <paramref name="maxTrim"/> of its height on one side. Other boxes are returned as they are.
    /// </summary>
    public static List<Quad> Trim(IReadOnlyList<Quad> quads, float maxTrim = 0.25f)
    {
        var flat = new bool[quads.Count];
        for (var i = 0; i < quads.Count; i++)
        {
            var q = quads[i];
            flat[i] = q.Width > 2 * q.Height && MathF.Abs(q.TopLeft.Y - q.TopRight.Y) < 0.05f * q.Width && MathF.Abs(q.BottomLeft.Y - q.BottomRight.Y) < 0.05f * q.Width;
        }

        // How far each box's top moves down and its bottom up; measured where two boxes share their width, so that
        // a skewed scan's lines, whose axis-aligned extents overlap more than the lines do, are compared along their slope.
        var down = new float[quads.Count];
        var up = new float[quads.Count];
        for (var i = 0; i < quads.Count; i++)
        {
            if (!flat[i])
            {
                continue;
            }

            for (var j = 0; j < quads.Count; j++)
            {
                if (j == i || !flat[j])
                {
                    continue;
                }

                var a = quads[i];
                var b = quads[j];
                var left = MathF.Max(a.MinX, b.MinX);
                var shared = MathF.Min(a.MaxX, b.MaxX) - left;
                if (shared < MathF.Min(a.MaxX - a.MinX, b.MaxX - b.MinX) / 3)
                {
                    continue;
                }

                var x = left + shared / 2;
                var (aTop, aBottom) = (EdgeAt(a.TopLeft, a.TopRight, x), EdgeAt(a.BottomLeft, a.BottomRight, x));
                var (bTop, bBottom) = (EdgeAt(b.TopLeft, b.TopRight, x), EdgeAt(b.BottomLeft, b.BottomRight, x));

                // b below a: centres apart by more than a third of the taller box, and the boxes overlap (by at least
                // MinOverlapShare of the shorter one).
                var centreGap = (bTop + bBottom) / 2 - (aTop + aBottom) / 2;
                if (centreGap <= 0.35f * MathF.Max(aBottom - aTop, bBottom - bTop) || bTop >= aBottom)
                {
                    continue;
                }

                if (aBottom - bTop < MinOverlapShare * MathF.Min(aBottom - aTop, bBottom - bTop))
                {
                    continue;
                }

                var middle = (bTop + aBottom) / 2;
                up[i] = MathF.Max(up[i], MathF.Min(aBottom - middle, maxTrim * (aBottom - aTop)));
                down[j] = MathF.Max(down[j], MathF.Min(middle - bTop, maxTrim * (bBottom - bTop)));
            }
        }

        var trimmed = new List<Quad>(quads.Count);
        for (var i = 0; i < quads.Count; i++)
        {
            var q = quads[i];
            trimmed.Add(down[i] == 0 && up[i] == 0 ? q : new Quad(
                new(q.TopLeft.X, q.TopLeft.Y + down[i]),
                new(q.TopRight.X, q.TopRight.Y + down[i]),
                new(q.BottomRight.X, q.BottomRight.Y - up[i]),
                new(q.BottomLeft.X, q.BottomLeft.Y - up[i])));
        }

        return trimmed;
    }

    private static float EdgeAt(PointF from, PointF to, float x) =>
        to.X == from.X ? (from.Y + to.Y) / 2 : from.Y + (to.Y - from.Y) * (x - from.X) / (to.X - from.X);
}
