namespace Folio.Pages.Layout;

/// <summary>
/// Running heads and feet, by position on the page alone (one page read is enough): lines wholly within the top or
/// bottom <see cref="BlockKinds.MarginShare"/> of the page, set apart from the body by a gap of a line height or
/// more; failing that, on journal pages whose heads sit a little lower, up to <see cref="RunningHeadRows"/> rows within
/// the top or bottom <see cref="RunningHeadShare"/>, no larger than the body text and set apart the same way (at the
/// foot only a page number, a line centred on the page or one in the bottom margin proper: a one-line footnote is set
/// apart too, but starts at its column). A caption at the head of the page is a float's, never a running head.
/// </summary>
internal static class Margins
{
    /// <summary>The top and bottom fraction of the page where journal running heads and feet may sit.</summary>
    public const float RunningHeadShare = 0.12f;

    /// <summary>Most rows of a running head or foot found in <see cref="RunningHeadShare"/>.</summary>
    public const int RunningHeadRows = 2;

    /// <summary>Longest item of a running foot spread across the page, in characters.</summary>
    public const int SpreadFootLength = 40;

    /// <summary>Splits the items into the top margin, the body and the bottom margin.</summary>
    public static (List<LayoutItem> Top, List<LayoutItem> Body, List<LayoutItem> Bottom) Split(List<LayoutItem> items, float pageWidth, float pageHeight, float bodyHeight)
    {
        var top = items.Where(i => i.Bottom <= BlockKinds.MarginShare * pageHeight).ToList();
        var bottom = items.Where(i => i.Top >= (1 - BlockKinds.MarginShare) * pageHeight).ToList();
        var rest = items.Except(top).Except(bottom).ToList();
        if (top.Count > 0 && rest.Count > 0 && rest.Min(i => i.Top) - top.Max(i => i.Bottom) < bodyHeight)
        {
            top = [];
        }

        if (bottom.Count > 0 && rest.Count > 0 && bottom.Min(i => i.Top) - rest.Max(i => i.Bottom) < bodyHeight)
        {
            bottom = [];
        }

        // A caption at the head of the page belongs to a float there, not to a running head.
        if (LayoutGeometry.Rows(top).Any(r => r.Any(i => Figures.IsCaptionStart(i.Line.Text))))
        {
            top = [];
        }

        if (rest.Count == 0)
        {
            (top, bottom) = ([], []);
        }

        if (top.Count == 0)
        {
            top = RunningRows(items, pageHeight, bodyHeight, fromTop: true);
        }

        if (bottom.Count == 0)
        {
            bottom = RunningRows(items.Except(top).ToList(), pageHeight, bodyHeight, fromTop: false);
            var rows = LayoutGeometry.Rows(bottom);
            if (!rows.All(r => r.Any(i => BlockKinds.IsPageNumber(i.Line.Text)) || Centred(r, pageWidth) || r.Min(i => i.Top) >= (1 - BlockKinds.MarginShare) * pageHeight))
            {
                bottom = [];
            }
        }

        if (bottom.Count == 0)
        {
            bottom = SpreadFoot(items.Except(top).ToList(), pageHeight, bodyHeight);
        }

        return (top, items.Except(top).Except(bottom).ToList(), bottom);
    }

    /// <summary>
    /// The first (or last) rows of the page within <see cref="RunningHeadShare"/>, at most <see cref="RunningHeadRows"/>,
    /// no larger than the body text outside the margin proper (type size from height and width per character, at
    /// most 1.15 times the body's: a heading at the head of the page is larger) and no caption, with a gap of a body line height or more before the rest; else none.
    /// </summary>
    private static List<LayoutItem> RunningRows(List<LayoutItem> items, float pageHeight, float bodyHeight, bool fromTop)
    {
        var rows = LayoutGeometry.Rows(items);
        var longLines = items.Where(i => i.Line.Text.Length >= 10).ToList();
        var bodyCharWidth = MathF.Max(0.1f, LayoutGeometry.Percentile((longLines.Count > 0 ? longLines : items).Select(i => i.CharWidth).ToList(), 0.5f));
        if (!fromTop)
        {
            rows.Reverse();
        }

        var taken = new List<LayoutItem>();
        for (var r = 0; r < Math.Min(RunningHeadRows, rows.Count - 1); r++)
        {
            var row = rows[r];
            var inZone = fromTop ? row.Max(i => i.Bottom) <= RunningHeadShare * pageHeight : row.Min(i => i.Top) >= (1 - RunningHeadShare) * pageHeight;
            var inMargin = fromTop ? row.Max(i => i.Bottom) <= BlockKinds.MarginShare * pageHeight : row.Min(i => i.Top) >= (1 - BlockKinds.MarginShare) * pageHeight;
            if (!inZone || row.Any(i => (!inMargin && MathF.Sqrt(i.TextHeight / bodyHeight * (i.CharWidth / bodyCharWidth)) > 1.15f) || Figures.IsCaptionStart(i.Line.Text)))
            {
                return [];
            }

            taken.AddRange(row);
            var others = items.Except(taken).ToList();
            var gap = fromTop ? others.Min(i => i.Top) - taken.Max(i => i.Bottom) : taken.Min(i => i.Top) - others.Max(i => i.Bottom);
            if (gap >= bodyHeight)
            {
                return taken;
            }
        }

        return [];
    }

    /// <summary>
    /// A running foot spread across the page, set close under the columns ("Preprint submitted to Elsevier" at the
    /// left edge, the date at the right): the page's last row within <see cref="RunningHeadShare"/>, two or more short
    /// items (up to <see cref="SpreadFootLength"/> characters, no larger than the body) a quarter of the page apart,
    /// the first at the body's left edge and the last, no wider than a third of the body, at its right edge; else none.
    /// </summary>
    private static List<LayoutItem> SpreadFoot(List<LayoutItem> items, float pageHeight, float bodyHeight)
    {
        var rows = LayoutGeometry.Rows(items);
        if (rows.Count < 2 || rows[^1] is not { Count: >= 2 } row || row.Min(i => i.Top) < (1 - RunningHeadShare) * pageHeight)
        {
            return [];
        }

        float left = items.Min(i => i.Left), right = items.Max(i => i.Right), width = right - left;
        var spread = row.Zip(row.Skip(1)).All(p => p.Second.Left - p.First.Right >= 0.25f * width);
        var small = row.All(i => i.Line.Text.Trim().Length <= SpreadFootLength && i.TextHeight <= 1.15f * bodyHeight);
        var edges = row[0].Left <= left + bodyHeight && row[^1].Right >= right - bodyHeight && row[^1].Width <= width / 3;
        return spread && small && edges ? row : [];
    }

    private static bool Centred(List<LayoutItem> row, float pageWidth)
    {
        float left = row.Min(i => i.Left), right = row.Max(i => i.Right);
        return MathF.Abs(((left + right) / 2) - (pageWidth / 2)) <= 0.05f * pageWidth && right - left <= 0.6f * pageWidth;
    }
}
