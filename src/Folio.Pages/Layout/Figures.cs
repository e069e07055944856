using System.Text.RegularExpressions;
using Folio.Contracts;
using Folio.Pages.Geometry;

namespace Folio.Pages.Layout;

/// <summary>
/// Figures from ink regions (<see cref="PageGraphics.InkRegions"/>): a region at least <see cref="MinSideShare"/> of
/// the page on each side and <see cref="MinAreaShare"/> of its area, whose box text lines cover less than
/// <see cref="MaxTextCover"/> of, is a figure; lines lying inside it (labels) become its lines. A short text block
/// starting with "Figure", "Fig." or "Table" right above or below a figure is its caption.
/// </summary>
internal static partial class Figures
{
    /// <summary>Smallest figure side, as a share of the page's width (or height).</summary>
    public const float MinSideShare = 0.08f;

    /// <summary>Smallest figure area, as a share of the page's area.</summary>
    public const float MinAreaShare = 0.01f;

    /// <summary>Largest share of a figure's box that text lines may cover.</summary>
    public const float MaxTextCover = 0.3f;

    /// <summary>Most characters of labels inside a figure (more is a page of text on a tinted background).</summary>
    public const int MaxLabelCharacters = 200;

    /// <summary>Figure items (deskewed like the lines) and, for each, the text items inside it.</summary>
    public static List<(LayoutItem Figure, List<LayoutItem> Labels)> Find(PageGraphics? graphics, IReadOnlyList<LayoutItem> items, float pageWidth, float pageHeight, float angle)
    {
        var found = new List<(LayoutItem, List<LayoutItem>)>();
        foreach (var region in graphics?.InkRegions ?? [])
        {
            var box = region.Box;
            if (box.Width < MinSideShare * pageWidth || box.Height < MinSideShare * pageHeight || box.Width * box.Height < MinAreaShare * pageWidth * pageHeight)
            {
                continue;
            }

            var covered = items.Sum(i => Overlap(i.PageBox, box));
            var labels = items.Where(i => Overlap(i.PageBox, box) >= 0.8f * i.PageBox.Width * i.PageBox.Height).ToList();
            if (covered >= MaxTextCover * box.Width * box.Height || labels.Sum(i => i.Line.Text.Length) > MaxLabelCharacters)
            {
                continue;
            }

            var quad = new Quad(new PointF(box.Left, box.Top), new PointF(box.Right, box.Top), new PointF(box.Right, box.Bottom), new PointF(box.Left, box.Bottom));
            var deskewed = LayoutGeometry.Items([new RecognizedLine(string.Empty, 1f, quad, [])], angle)[0];
            found.Add((new LayoutItem(deskewed.Line, deskewed.Left, deskewed.Top, deskewed.Right, deskewed.Bottom) { IsFigure = true }, labels));
        }

        return found;
    }

    /// <summary>
    /// Marks captions and moves each to just after its figure: a block of at most <see cref="MaxCaptionLength"/>
    /// characters starting with "Figure", "Fig." or "Table", next to the figure in reading order, within two body
    /// line heights above or below it and overlapping it horizontally.
    /// </summary>
    public static List<Block> AttachCaptions(List<Block> blocks, float bodyHeight)
    {
        for (var f = 0; f < blocks.Count; f++)
        {
            if (blocks[f].Kind != BlockKinds.Figure)
            {
                continue;
            }

            foreach (var c in new[] { f + 1, f - 1 })
            {
                if (c < 0 || c >= blocks.Count || !IsCaption(blocks[c], blocks[f].Bbox, bodyHeight))
                {
                    continue;
                }

                var caption = blocks[c] with { Kind = BlockKinds.Caption, Level = null };
                blocks.RemoveAt(c);
                var at = c < f ? f - 1 : f;
                blocks.Insert(at + 1, caption);
                f = at + 1;
                break;
            }
        }

        return blocks;
    }

    /// <summary>Longest caption, in characters.</summary>
    public const int MaxCaptionLength = 300;

    private static bool IsCaption(Block block, Box figure, float bodyHeight)
    {
        if (block.Kind is not (BlockKinds.Paragraph or BlockKinds.Heading) || block.Text.Length > MaxCaptionLength || !CaptionStart().IsMatch(block.Text))
        {
            return false;
        }

        var b = block.Bbox;
        var gap = b.Top >= figure.Bottom - 1 ? b.Top - figure.Bottom : figure.Top - b.Bottom;
        return gap >= -1 && gap <= 2 * bodyHeight && MathF.Min(b.Right, figure.Right) > MathF.Max(b.Left, figure.Left);
    }

    /// <summary>Whether the text starts like a caption ("Figure 2", "Fig. 3", "Table 1", "TABLE 1", "FIGURE 1").</summary>
    public static bool IsCaptionStart(string text) => CaptionStart().IsMatch(text.TrimStart()) || UpperCaptionStart().IsMatch(text.TrimStart());

    private static float Overlap(Box a, Box b) =>
        MathF.Max(0, MathF.Min(a.Right, b.Right) - MathF.Max(a.Left, b.Left)) * MathF.Max(0, MathF.Min(a.Bottom, b.Bottom) - MathF.Max(a.Top, b.Top));

    [GeneratedRegex(@"^(?:Figure|Fig\.|Table)\s*\S")]
    private static partial Regex CaptionStart();

    [GeneratedRegex(@"^(?:FIGURE|FIG\.|TABLE)\s*[0-9IVX]")]
    private static partial Regex UpperCaptionStart();
}
