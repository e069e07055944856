using System.Globalization;
using System.Net;
using System.Text;
using Folio.Contracts;

namespace Folio.Pages.Layout;

/// <summary>
/// Tables from aligned text: at least <see cref="MinRows"/> consecutive rows of two or more cells (with rows of a
/// wrapped cell between them) whose cells fall into the same vertical bands (the union of every cell's horizontal extent). Rows whose text carries dot leaders
/// (a table of contents) are not table rows: they read as one line.
/// </summary>
internal static class TableBuilder
{
    /// <summary>Fewest rows a table has, its header included.</summary>
    public const int MinRows = 3;

    /// <summary>Whether a row has leader dots ("Introduction . . . . 3" or "Introduction ..... 3").</summary>
    public static bool HasLeaders(IEnumerable<LayoutItem> row) =>
        row.Any(i => i.Line.Text.Contains("...", StringComparison.Ordinal) || i.Line.Text.Contains(". . .", StringComparison.Ordinal) || i.Line.Text.Contains('…', StringComparison.Ordinal));

    /// <summary>
    /// Finds tables among rows in reading order: returns (first row, row count, column bands) for each, rows in ascending order.
    /// </summary>
    /// <param name="rows">Rows of one flow region, top to bottom.</param>
    /// <param name="bodyHeight">Typical line height of the page.</param>
    public static List<(int First, int Count, List<(float Left, float Right)> Bands)> Find(IReadOnlyList<List<LayoutItem>> rows, float bodyHeight)
    {
        var found = new List<(int, int, List<(float, float)>)>();
        var i = 0;
        while (i < rows.Count)
        {
            var j = i;
            while (j < rows.Count && (rows[j].Count >= 2 || (j > i && IsContinuation(rows[j], rows[j - 1], bodyHeight))) && !HasLeaders(rows[j])
                && (j == i || rows[j].Min(x => x.Top) - rows[j - 1].Max(x => x.Bottom) <= 2.5f * bodyHeight))
            {
                j++;
            }

            if (j - i >= MinRows)
            {
                // Bands come from the fullest rows, so that a cell spanning columns in another row does not merge them.
                var run = rows.Skip(i).Take(j - i).ToList();
                var fullest = run.Max(r => r.Count);
                var bands = Bands(run.Where(r => r.Count == fullest).SelectMany(r => r));

                // Only consecutive rows whose cells sit one per column (or span whole columns) make the table: code next to
                // a comment, or a caption beside a number, breaks it.
                var k = 0;
                while (k < run.Count)
                {
                    var m = k;
                    while (m < run.Count && IsAligned(run[m], bands))
                    {
                        m++;
                    }

                    var candidate = run.Skip(k).Take(m - k).ToList();
                    // Rows of cells, not only lines going on from one above: justified prose cut at its wide word gaps
                    // in a line or two is no table.
                    if (m - k >= MinRows && candidate.Count(r => r.Count >= 2) >= MinRows && bands.Count >= 2 && !IsContents(candidate, bands) && !IsLabelledProse(candidate, bands))
                    {
                        found.Add((i + k, m - k, bands));
                    }

                    k = Math.Max(m, k + 1);
                }
            }

            i = Math.Max(i + 1, j);
        }

        return found;
    }

    /// <summary>
    /// Whether a row of one cell goes on with a wrapped cell of the row above: close under it (at most 0.6 of a body
    /// line height below) and lying, for 60% of its width or more, under one of its cells.
    /// </summary>
    private static bool IsContinuation(List<LayoutItem> row, List<LayoutItem> above, float bodyHeight) =>
        row.Count == 1
        && row[0].Top - above.Max(x => x.Bottom) <= 0.6f * bodyHeight
        && above.Any(a => MathF.Min(a.Right, row[0].Right) - MathF.Max(a.Left, row[0].Left) >= 0.6f * row[0].Width);

    /// <summary>
    /// Whether a row has cells (two or more, or one going on from a wrapped cell), each lying (60% of its width or more) within its own range of column
    /// bands, the ranges not overlapping.
    /// </summary>
    private static bool IsAligned(List<LayoutItem> row, List<(float Left, float Right)> bands)
    {
        if (row.Count == 0)
        {
            return false;
        }

        var previousLast = -1;
        foreach (var cell in row)
        {
            int first = BandOf(bands, cell), last = LastBandOf(bands, cell);
            var overlap = MathF.Min(cell.Right, bands[last].Right) - MathF.Max(cell.Left, bands[first].Left);
            if (first <= previousLast || overlap < 0.6f * cell.Width)
            {
                return false;
            }

            previousLast = last;
        }

        return true;
    }

    /// <summary>
    /// A table of contents whose leaders were lost (OCR drops dot rows): the last column holds only page numbers
    /// and the column before it is a wide, ragged text column (at least 40% of the table's width).
    /// </summary>
    public static bool IsContents(IReadOnlyList<List<LayoutItem>> rows, List<(float Left, float Right)> bands)
    {
        if (bands.Count < 2)
        {
            return false;
        }

        var numbers = rows.SelectMany(r => r).Where(c => BandOf(bands, c) == bands.Count - 1).ToList();
        var text = rows.SelectMany(r => r).Where(c => BandOf(bands, c) < bands.Count - 1).ToList();
        var width = bands[^1].Right - bands[0].Left;
        return numbers.Count > 0 && text.Count > 0
            && numbers.All(c => c.Line.Text.Trim().All(ch => char.IsDigit(ch) || "ivxlcdm".Contains(ch, StringComparison.Ordinal)))
            && text.Max(c => c.Right) - text.Min(c => c.Left) >= 0.4f * width
            && text.Max(c => c.Width) - text.Min(c => c.Width) >= 0.2f * width;
    }

    /// <summary>
    /// Prose with labels in its left margin, not a table: two column bands, the right one prose (half its lines or
    /// more 20 characters or longer, at least two lines a label), the left one only section numbers hanging beside
    /// their headings (<c>5</c>, <c>5.1</c>) or a single label beside the first line (a side heading, a macro's name).
    /// </summary>
    public static bool IsLabelledProse(IReadOnlyList<List<LayoutItem>> rows, List<(float Left, float Right)> bands)
    {
        if (bands.Count != 2)
        {
            return false;
        }

        var labels = rows.SelectMany(r => r).Where(c => BandOf(bands, c) == 0).ToList();
        var prose = rows.SelectMany(r => r).Where(c => BandOf(bands, c) == 1).ToList();
        if (labels.Count == 0 || prose.Count < 2 * labels.Count || prose.Count(c => c.Line.Text.Trim().Length >= 20) < 0.5f * prose.Count)
        {
            return false;
        }

        return labels.All(c => SectionNumbers.IsBareLabel(c.Line.Text)) || (labels.Count == 1 && rows[0].Contains(labels[0]));
    }

    /// <summary>Column bands: the union of the cells' horizontal extents, left to right.</summary>
    public static List<(float Left, float Right)> Bands(IEnumerable<LayoutItem> cells)
    {
        var bands = new List<(float Left, float Right)>();
        foreach (var cell in cells.OrderBy(c => c.Left))
        {
            if (bands.Count > 0 && cell.Left <= bands[^1].Right)
            {
                bands[^1] = (bands[^1].Left, MathF.Max(bands[^1].Right, cell.Right));
            }
            else
            {
                bands.Add((cell.Left, cell.Right));
            }
        }

        return bands;
    }

    /// <summary>
    /// Builds the table block's structure and its Markdown (HTML when a cell spans). Text rows are grouped into table
    /// rows (<see cref="TableRows"/>); vertical rules, when they cut the table, give the columns, and the bands
    /// between two rules stay apart.
    /// A cell's text is its lines joined top to bottom, its box their union.
    /// </summary>
    public static (Table Table, string Text) Build(IReadOnlyList<List<LayoutItem>> rows, List<(float Left, float Right)> bands, float bodyHeight, PageGraphics? graphics = null)
    {
        bands = TableRows.BandsFromRules(rows, graphics?.VerticalRules ?? [], bands) ?? bands;
        var groups = TableRows.Group(rows, bodyHeight, graphics?.HorizontalRules ?? [], c => BandOf(bands, c), bands.Count);
        var cells = new List<TableCell>();
        for (var r = 0; r < groups.Count; r++)
        {
            foreach (var group in groups[r].SelectMany(x => x).GroupBy(c => BandOf(bands, c)).OrderBy(g => g.Key))
            {
                var box = group.Select(c => c.PageBox).Aggregate((a, b) => a.Union(b));
                var last = group.Max(c => LastBandOf(bands, c));
                var span = Math.Max(1, last - group.Key + 1);
                var text = LineJoiner.JoinLines(group.Select(c => c.Line.Text));
                cells.Add(new TableCell(r, group.Key, text, box, ColumnSpan: span));
            }
        }

        var table = new Table { Rows = groups.Count, Columns = bands.Count, Cells = cells };
        return (table, ToMarkdown(table));
    }

    /// <summary>Markdown pipe table; the first row is the header; empty cells stay empty; pipes in text are escaped.</summary>
    public static string ToMarkdown(Table table)
    {
        if (table.Cells.Any(c => c.RowSpan > 1 || c.ColumnSpan > 1))
        {
            return ToHtml(table);
        }

        var sb = new StringBuilder();
        for (var r = 0; r < table.Rows; r++)
        {
            sb.Append('|');
            for (var c = 0; c < table.Columns; c++)
            {
                var text = table.Cells.FirstOrDefault(x => x.Row == r && x.Column == c)?.Text ?? string.Empty;
                sb.Append(' ').Append(text.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |");
            }

            sb.Append('\n');
            if (r == 0)
            {
                sb.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", table.Columns))).Append('\n');
            }
        }

        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>HTML table with rowspan/colspan, for cells that span.</summary>
    public static string ToHtml(Table table)
    {
        var sb = new StringBuilder("<table>");
        for (var r = 0; r < table.Rows; r++)
        {
            sb.Append("<tr>");
            foreach (var cell in table.Cells.Where(c => c.Row == r).OrderBy(c => c.Column))
            {
                var tag = r == 0 ? "th" : "td";
                sb.Append('<').Append(tag);
                if (cell.RowSpan > 1)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" rowspan=\"{cell.RowSpan}\"");
                }

                if (cell.ColumnSpan > 1)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" colspan=\"{cell.ColumnSpan}\"");
                }

                sb.Append('>').Append(WebUtility.HtmlEncode(cell.Text)).Append("</").Append(tag).Append('>');
            }

            sb.Append("</tr>");
        }

        return sb.Append("</table>").ToString();
    }

    private static int LastBandOf(List<(float Left, float Right)> bands, LayoutItem cell)
    {
        var first = BandOf(bands, cell);
        var last = first;
        while (last + 1 < bands.Count && cell.Right > bands[last + 1].Left + (0.25f * (bands[last + 1].Right - bands[last + 1].Left)))
        {
            last++;
        }

        return last;
    }

    internal static int BandOf(List<(float Left, float Right)> bands, LayoutItem cell)
    {
        var centre = (cell.Left + cell.Right) / 2;
        for (var b = 0; b < bands.Count; b++)
        {
            if (centre >= bands[b].Left && centre <= bands[b].Right)
            {
                return b;
            }
        }

        // Between bands: the band whose left edge is the nearest at or before the cell's left edge.
        var index = 0;
        for (var b = 0; b < bands.Count; b++)
        {
            if (bands[b].Left <= cell.Left + 1)
            {
                index = b;
            }
        }

        return index;
    }
}
