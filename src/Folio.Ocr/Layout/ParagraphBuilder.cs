using Folio.Contracts;
using Folio.Ocr.Geometry;
using Folio.Ocr.Recognition;

namespace Folio.Ocr.Layout;

/// <summary>
/// Groups lines into paragraph blocks from geometry alone: a line joins the paragraph directly above it when the
/// vertical gap is small and the two overlap horizontally. Deeper layout (columns, headings, tables) builds on this.
/// </summary>
public static class ParagraphBuilder
{
    /// <summary>Largest gap between a paragraph's last line and the next, in units of the line height.</summary>
    public const float MaxGapInLines = 0.8f;

    /// <summary>Builds blocks in reading order from lines already in line order.</summary>
    public static List<Block> Build(IReadOnlyList<RecognizedLine> lines)
    {
        var groups = new List<List<RecognizedLine>>();
        foreach (var line in lines)
        {
            var target = groups.LastOrDefault(g => Continues(g[^1], line));
            if (target is null)
            {
                groups.Add([line]);
            }
            else
            {
                target.Add(line);
            }
        }

        var blocks = new List<Block>(groups.Count);
        foreach (var group in groups.OrderBy(g => g[0].Quad.MinY).ThenBy(g => g[0].Quad.MinX))
        {
            var contractLines = group.Select(ToContract).ToList();
            var bbox = contractLines.Select(l => Box.Around(l.Polygon)).Aggregate((a, b) => a.Union(b));
            blocks.Add(new Block
            {
                Kind = "paragraph",
                Order = blocks.Count,
                Text = JoinLines(group.Select(l => l.Text)),
                Bbox = bbox,
                Lines = contractLines,
            });
        }

        return blocks;
    }

    /// <summary>
    /// Whether <paramref name="next"/> continues the paragraph whose last line is <paramref name="previous"/>:
    /// it starts below it within <see cref="MaxGapInLines"/> line heights and overlaps it horizontally by at least
    /// half the narrower line.
    /// </summary>
    public static bool Continues(RecognizedLine previous, RecognizedLine next)
    {
        // Measure in the previous line's own frame, so that a page scanned a little askew groups like a straight one.
        var a = previous.Quad;
        var b = next.Quad;
        var (ux, uy) = Direction(a);
        var (vx, vy) = (-uy, ux);
        float Along(PointF p) => (p.X * ux) + (p.Y * uy);
        float Across(PointF p) => (p.X * vx) + (p.Y * vy);

        var height = MathF.Max(1, MathF.Min(a.Height, b.Height));
        var gap = ((Across(b.TopLeft) + Across(b.TopRight)) / 2) - ((Across(a.BottomLeft) + Across(a.BottomRight)) / 2);
        if (gap < -0.5f * height || gap > MaxGapInLines * height)
        {
            return false;
        }

        // Heights that differ a lot mean a heading next to body text.
        if (MathF.Max(a.Height, b.Height) > 1.5f * height)
        {
            return false;
        }

        float a0 = MathF.Min(Along(a.TopLeft), Along(a.BottomLeft)), a1 = MathF.Max(Along(a.TopRight), Along(a.BottomRight));
        float b0 = MathF.Min(Along(b.TopLeft), Along(b.BottomLeft)), b1 = MathF.Max(Along(b.TopRight), Along(b.BottomRight));
        var overlap = MathF.Min(a1, b1) - MathF.Max(a0, b0);
        return overlap >= 0.5f * MathF.Min(a1 - a0, b1 - b0);
    }

    private static (float X, float Y) Direction(Quad quad)
    {
        float dx = quad.TopRight.X - quad.TopLeft.X, dy = quad.TopRight.Y - quad.TopLeft.Y;
        var length = MathF.Sqrt((dx * dx) + (dy * dy));
        return length < 1e-3f ? (1, 0) : (dx / length, dy / length);
    }

    /// <summary>
    /// Joins a paragraph's lines with spaces, removing the hyphen of a word broken across lines
    /// ("recog-" + "nition" gives "recognition") when both sides are lower-case letters.
    /// </summary>
    public static string JoinLines(IEnumerable<string> lines)
    {
        var text = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (text.Length == 0)
            {
                text = line;
            }
            else if (text.Length >= 2 && text[^1] == '-' && char.IsLower(text[^2]) && char.IsLower(line[0]))
            {
                text = string.Concat(text.AsSpan(0, text.Length - 1), line);
            }
            else
            {
                text = $"{text} {line}";
            }
        }

        return text;
    }

    private static Line ToContract(RecognizedLine line) => new()
    {
        Text = line.Text,
        Confidence = MathF.Round(line.Confidence, 4),
        Polygon = line.Quad.ToArray().Select(p => new Point(MathF.Round(p.X, 1), MathF.Round(p.Y, 1))).ToArray(),
        Words = line.Words,
    };
}
