using System.Text.RegularExpressions;
using Folio.Contracts;

namespace Folio.Vlm;

/// <summary>Pipe tables as PaddleOCR-VL answers charts: <c>| a | b |</c> or <c>a | b</c> rows, with or without a <c>---</c> rule.</summary>
public static partial class MarkdownTableParser
{
    /// <summary>
    /// Parses the pipe rows of an answer into a table (two or more columns, one or more rows); lines without a pipe
    /// are ignored. Cell boxes divide the region evenly.
    /// </summary>
    public static bool TryParse(string answer, Box region, out Table table)
    {
        var rows = answer.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains('|', StringComparison.Ordinal) && !Rule().IsMatch(l))
            .Select(SplitRow)
            .ToList();
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        if (columns < 2)
        {
            table = new Table { Rows = 0, Columns = 0, Cells = [] };
            return false;
        }

        float cellWidth = region.Width / columns, cellHeight = region.Height / rows.Count;
        var cells = new List<TableCell>();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var box = new Box(region.Left + (c * cellWidth), region.Top + (r * cellHeight), region.Left + ((c + 1) * cellWidth), region.Top + ((r + 1) * cellHeight));
                cells.Add(new TableCell(r, c, c < rows[r].Count ? rows[r][c] : string.Empty, box));
            }
        }

        table = new Table { Rows = rows.Count, Columns = columns, Cells = cells };
        return true;
    }

    // "| a | b \| c |" → ["a", "b | c"]: outer pipes dropped, escaped pipes kept as text.
    private static List<string> SplitRow(string line)
    {
        var inner = line.StartsWith('|') ? line[1..] : line;
        if (inner.EndsWith('|') && !inner.EndsWith("\\|", StringComparison.Ordinal))
        {
            inner = inner[..^1];
        }

        return UnescapedPipe().Split(inner).Select(c => c.Replace("\\|", "|", StringComparison.Ordinal).Trim()).ToList();
    }

    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
