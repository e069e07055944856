using Folio.Pages.Geometry;

namespace Folio.Ocr.Detection;

/// <summary>PaddleOCR's line order: top to bottom, and left to right among boxes on the same text row.</summary>
public static class BoxOrder
{
    /// <summary>
    /// Sorts by (top-left y, top-left x), then swaps neighbours whose y differs by less than
    /// <paramref name="sameRowTolerance"/> pixels and whose x is out of order.
    /// </summary>
    public static List<Quad> Sort(IEnumerable<Quad> quads, float sameRowTolerance = 10)
    {
        var boxes = quads.OrderBy(q => q.TopLeft.Y).ThenBy(q => q.TopLeft.X).ToList();
        for (var i = 0; i < boxes.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                var next = boxes[j + 1];
                var current = boxes[j];
                if (MathF.Abs(next.TopLeft.Y - current.TopLeft.Y) < sameRowTolerance && next.TopLeft.X < current.TopLeft.X)
                {
                    (boxes[j], boxes[j + 1]) = (next, current);
                }
                else
                {
                    break;
                }
            }
        }

        return boxes;
    }
}
