using System.Text.RegularExpressions;
using Folio.Contracts;

namespace Folio.Vlm;

/// <summary>
/// OTSL, the table language PaddleOCR-VL answers in: <c>&lt;fcel&gt;</c> a cell with content, <c>&lt;ecel&gt;</c> an empty
/// cell, <c>&lt;lcel&gt;</c> merged with the cell on its left, <c>&lt;ucel&gt;</c> merged with the cell above,
/// <c>&lt;xcel&gt;</c> merged both ways, <c>&lt;nl&gt;</c> end of row; optionally inside <c>&lt;otsl&gt;…&lt;/otsl&gt;</c>.
/// Header and section tags of the wider OTSL family (<c>ched</c>, <c>rhed</c>, <c>srow</c>) read as <c>fcel</c>.
/// </summary>
public static partial class OtslParser
{
    /// <summary>Whether the answer contains OTSL cell tags at all.</summary>
    public static bool LooksLikeOtsl(string answer) => Tag().IsMatch(answer);

    /// <summary>
    /// Parses an OTSL answer into the repository's table model. Cell boxes are the region divided evenly by rows and
    /// columns (the model gives no cell positions). Rows shorter than the longest are padded with empty cells.
    /// </summary>
    /// <param name="answer">The model's answer.</param>
    /// <param name="region">The table's bounds in page pixels.</param>
    /// <param name="table">The table, when parsed.</param>
    /// <param name="error">Why it could not be parsed, otherwise null.</param>
    public static bool TryParse(string answer, Box region, out Table table, out string? error)
    {
        table = new Table { Rows = 0, Columns = 0, Cells = [] };
        var grid = Tokenize(answer, out error);
        if (grid is null)
        {
            return false;
        }

        var columns = grid.Max(r => r.Count);
        foreach (var row in grid)
        {
            while (row.Count < columns)
            {
                row.Add(("ecel", string.Empty));
            }
        }

        var covered = new bool[grid.Count, columns];
        var cells = new List<TableCell>();
        float cellWidth = region.Width / columns, cellHeight = region.Height / grid.Count;
        for (var r = 0; r < grid.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var tag = grid[r][c].Tag;
                if (tag is "lcel" or "ucel" or "xcel")
                {
                    if (!covered[r, c])
                    {
                        error = $"<{tag}> at row {r + 1}, column {c + 1} merges with no cell";
                        return false;
                    }

                    continue;
                }

                if (covered[r, c])
                {
                    error = $"cell at row {r + 1}, column {c + 1} lies inside a merged cell";
                    return false;
                }

                var columnSpan = 1;
                while (c + columnSpan < columns && grid[r][c + columnSpan].Tag == "lcel")
                {
                    columnSpan++;
                }

                var rowSpan = 1;
                while (r + rowSpan < grid.Count && grid[r + rowSpan][c].Tag == "ucel")
                {
                    rowSpan++;
                }

                for (var y = r; y < r + rowSpan; y++)
                {
                    for (var x = c; x < c + columnSpan; x++)
                    {
                        covered[y, x] = true;
                    }
                }

                var box = new Box(region.Left + (c * cellWidth), region.Top + (r * cellHeight), region.Left + ((c + columnSpan) * cellWidth), region.Top + ((r + rowSpan) * cellHeight));
                cells.Add(new TableCell(r, c, grid[r][c].Text, box, rowSpan, columnSpan));
            }
        }

        table = new Table { Rows = grid.Count, Columns = columns, Cells = cells };
        return true;
    }

    // Rows of (tag, text); null with the reason when the answer is not OTSL.
    private static List<List<(string Tag, string Text)>>? Tokenize(string answer, out string? error)
    {
        error = null;
        var body = Wrapper().Replace(answer, string.Empty);
        var rows = new List<List<(string Tag, string Text)>>();
        var row = new List<(string Tag, string Text)>();
        var matches = Tag().Matches(body);
        if (matches.Count == 0)
        {
            error = "no OTSL tags";
            return null;
        }

        if (body[..matches[0].Index].Trim().Length > 0)
        {
            error = "text before the first cell";
            return null;
        }

        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            var end = i + 1 < matches.Count ? matches[i + 1].Index : body.Length;
            var text = body[(match.Index + match.Length)..end].Trim();
            var tag = match.Groups[1].Value.ToLowerInvariant();
            if (tag == "nl")
            {
                rows.Add(row);
                row = [];
            }
            else
            {
                row.Add((tag is "ched" or "rhed" or "srow" ? "fcel" : tag, tag is "ecel" or "lcel" or "ucel" or "xcel" ? string.Empty : text));
            }

            if (text.Length > 0 && tag is "nl" or "ecel" or "lcel" or "ucel" or "xcel")
            {
                // The length, not the text: this goes to the log, which never carries page text.
                error = $"{text.Length} characters of text after <{tag}>";
                return null;
            }
        }

        if (row.Count > 0)
        {
            rows.Add(row);
        }

        rows.RemoveAll(r => r.Count == 0);
        if (rows.Count == 0)
        {
            error = "no cells";
            return null;
        }

        return rows;
    }

    [GeneratedRegex(@"<(fcel|ecel|lcel|ucel|xcel|nl|ched|rhed|srow)>", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    [GeneratedRegex(@"</?otsl>", RegexOptions.IgnoreCase)]
    private static partial Regex Wrapper();
}
