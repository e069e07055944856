using Folio.Contracts;

namespace Folio.Pages.Layout;

/// <summary>
/// Logical table rows from text rows: a cell that wraps gives several text rows, which are one table row when
/// the rows of the table are told apart by horizontal rules (two or more between the text rows) or by larger
/// vertical gaps than those inside a cell.
/// </summary>
internal static class TableRows
{
    /// <summary>Gaps count as two kinds (inside a cell, between rows) when they differ by this many body line heights.</summary>
    public const float GapSpreadInLines = 0.4f;

    /// <summary>
    /// Whether a table row ends after each text row but the last. With two or more rules between text rows, the
    /// rules decide; else gaps above the middle of the smallest and the largest gap (when they differ by
    /// <see cref="GapSpreadInLines"/> or more) and any rule do; else every text row is a table row. Between the rows
    /// so decided, a text row that fills every column starts a table row after another such row or in a group whose
    /// first row fills every column (rules around groups of rows, not around each row; cells wrapped downwards).
    /// </summary>
    /// <param name="rows">Text rows, top to bottom: top and bottom of each.</param>
    /// <param name="rules">Vertical positions of horizontal rules across the table.</param>
    /// <param name="bodyHeight">Typical line height of the page.</param>
    /// <param name="full">Whether each text row has a cell in every column; null when not known.</param>
    public static bool[] Boundaries(IReadOnlyList<(float Top, float Bottom)> rows, IReadOnlyList<float> rules, float bodyHeight, IReadOnlyList<bool>? full = null)
    {
        var n = Math.Max(0, rows.Count - 1);
        var ruled = new bool[n];
        var gaps = new float[n];
        for (var i = 0; i < n; i++)
        {
            float above = (rows[i].Top + rows[i].Bottom) / 2, below = (rows[i + 1].Top + rows[i + 1].Bottom) / 2;
            ruled[i] = rules.Any(y => y > above && y < below);
            gaps[i] = rows[i + 1].Top - rows[i].Bottom;
        }

        bool[] decided;
        if (ruled.Count(r => r) >= 2)
        {
            decided = ruled;
        }
        else if (n == 0 || gaps.Max() - gaps.Min() < GapSpreadInLines * bodyHeight)
        {
            return Enumerable.Repeat(true, n).ToArray();
        }
        else
        {
            var threshold = (gaps.Max() + gaps.Min()) / 2;
            decided = gaps.Select((g, i) => g > threshold || ruled[i]).ToArray();
        }

        return full is null ? decided : SplitAtFullRows(decided, full);
    }

    // A text row that fills every column starts a table row after another such row (rows set close, boxes
    // overlapping), or in a group whose first row fills every column: cells wrap downwards from a full first line,
    // so the part-filled rows under it go on with it.
    private static bool[] SplitAtFullRows(bool[] decided, IReadOnlyList<bool> full)
    {
        var boundaries = new bool[decided.Length];
        var groupStartsFull = full[0];
        for (var i = 0; i < decided.Length; i++)
        {
            boundaries[i] = decided[i] || (full[i + 1] && (full[i] || groupStartsFull));
            if (decided[i])
            {
                groupStartsFull = full[i + 1];
            }
        }

        return boundaries;
    }

    /// <summary>
    /// Groups text rows into table rows, with the horizontal rules that cross at least half the rows' width and the
    /// column each cell falls in (<paramref name="columnOf"/>, of <paramref name="columns"/>).
    /// </summary>
    public static List<List<List<LayoutItem>>> Group(IReadOnlyList<List<LayoutItem>> rows, float bodyHeight, IReadOnlyList<Box> horizontalRules, Func<LayoutItem, int> columnOf, int columns)
    {
        float left = rows.Min(r => r.Min(i => i.Left)), right = rows.Max(r => r.Max(i => i.Right));
        var rules = horizontalRules
            .Where(b => MathF.Min(b.Right, right) - MathF.Max(b.Left, left) >= 0.5f * (right - left))
            .Select(b => (b.Top + b.Bottom) / 2)
            .ToList();
        var full = rows.Select(r => r.Select(columnOf).Distinct().Count() == columns).ToList();
        var boundaries = Boundaries(rows.Select(r => (r.Min(i => i.Top), r.Max(i => i.Bottom))).ToList(), rules, bodyHeight, full);
        var groups = new List<List<List<LayoutItem>>> { new() { rows[0] } };
        for (var i = 1; i < rows.Count; i++)
        {
            if (boundaries[i - 1])
            {
                groups.Add([]);
            }

            groups[^1].Add(rows[i]);
        }

        return groups;
    }

    /// <summary>
    /// Column bands from vertical rules that cross at least half the table's height inside its width, when there are
    /// any and no cell lies across one: from the table's left edge to the first rule, between rules, to the right edge;
    /// a gap between two of the text's own bands (<paramref name="textBands"/>) with no rule in it cuts too, so that
    /// a rule before the last column only leaves the columns before it apart.
    /// </summary>
    public static List<(float Left, float Right)>? BandsFromRules(IReadOnlyList<List<LayoutItem>> rows, IReadOnlyList<Box> verticalRules, IReadOnlyList<(float Left, float Right)> textBands)
    {
        var items = rows.SelectMany(r => r).ToList();
        float left = items.Min(i => i.Left), right = items.Max(i => i.Right), top = items.Min(i => i.Top), bottom = items.Max(i => i.Bottom);
        var cuts = verticalRules
            .Where(b => MathF.Min(b.Bottom, bottom) - MathF.Max(b.Top, top) >= 0.5f * (bottom - top))
            .Select(b => (b.Left + b.Right) / 2)
            .Where(x => x > left && x < right && !items.Any(i => i.Left < x - 1 && i.Right > x + 1))
            .ToList();
        if (cuts.Count == 0)
        {
            return null;
        }

        var gaps = textBands.Zip(textBands.Skip(1)).Select(p => (Start: p.First.Right, End: p.Second.Left)).ToList();
        cuts.AddRange(gaps.Where(g => !cuts.Any(x => x >= g.Start && x <= g.End)).Select(g => (g.Start + g.End) / 2));
        var edges = cuts.Order().Prepend(left).Append(right).ToList();
        return edges.Zip(edges.Skip(1)).Select(e => (e.First, e.Second)).ToList();
    }
}
