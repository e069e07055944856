namespace Folio.Pages.Layout;

/// <summary>
/// Margin notes set a gutter's width beside their text (LaTeX's <c>\marginpar</c>, a manual's option names), which the
/// column cut makes a column of their own: a narrow region of short labels (<see cref="MarginNotes.IsLabel"/>), left or
/// right of a region of prose whose rows line up with them. Such a region is taken out of the flow, and each of its
/// notes (a label, or a stack of labels one under the other) is read after the line its first label sits beside, as
/// typesetting systems draw them. <see cref="MarginNotes"/> finds the notes that stay within their text's region.
/// </summary>
internal static class NoteColumns
{
    /// <summary>Widest gap between the notes and their text, in body line heights.</summary>
    public const float MaxGapInHeights = 4;

    /// <summary>Widest note column, as a share of the width of its text's region.</summary>
    public const float MaxWidthShare = 0.4f;

    /// <summary>The text's region has at least this many rows for each line of notes.</summary>
    public const int MinRowsPerNote = 2;

    /// <summary>
    /// The regions without their note columns, in order, and the notes beside each region that has some: each note its
    /// lines top to bottom.
    /// </summary>
    /// <param name="regions">Flow regions in reading order (<see cref="ColumnStructure"/>).</param>
    /// <param name="bodyHeight">Typical line height of the page.</param>
    public static (List<List<LayoutItem>> Regions, Dictionary<List<LayoutItem>, List<List<LayoutItem>>> Notes) Take(List<List<LayoutItem>> regions, float bodyHeight)
    {
        var notes = new Dictionary<List<LayoutItem>, List<List<LayoutItem>>>();
        var taken = new HashSet<List<LayoutItem>>();
        foreach (var column in regions.Where(r => r.Count > 0 && !notes.ContainsKey(r)))
        {
            var text = regions.Where(r => r != column && r.Count > 0 && !taken.Contains(r))
                .Where(r => Beside(column, r, bodyHeight))
                .OrderBy(r => Gap(column, r))
                .FirstOrDefault();
            if (text is null)
            {
                continue;
            }

            taken.Add(column);
            if (!notes.TryGetValue(text, out var list))
            {
                notes[text] = list = [];
            }

            list.AddRange(Stacks(LayoutGeometry.Rows(column), bodyHeight));
        }

        return ([.. regions.Where(r => !taken.Contains(r))], notes);
    }

    /// <summary>
    /// The row each note is read after: the row whose middle is nearest its first line's, within half a line height.
    /// Notes with no such row are left out of the answer.
    /// </summary>
    public static Dictionary<int, List<LayoutItem>> Place(IReadOnlyList<List<LayoutItem>> rows, IEnumerable<List<LayoutItem>> notes, float bodyHeight)
    {
        var placed = new Dictionary<int, List<LayoutItem>>();
        foreach (var note in notes)
        {
            var middle = note[0].CenterY;
            var nearest = Enumerable.Range(0, rows.Count).Where(i => MathF.Abs(Middle(rows[i]) - middle) <= 0.5f * bodyHeight)
                .OrderBy(i => MathF.Abs(Middle(rows[i]) - middle)).Cast<int?>().FirstOrDefault();
            if (nearest is { } i)
            {
                placed[i] = placed.TryGetValue(i, out var before) ? [.. before, .. note] : note;
            }
        }

        return placed;
    }

    // A note column beside a text region: narrow, within the text's height, a few line heights from it, its rows
    // short labels each lined up with a row of the text, and the text is prose with far more rows than the notes.
    private static bool Beside(List<LayoutItem> column, List<LayoutItem> text, float bodyHeight)
    {
        if (column.Any(i => i.IsFigure) || text.Any(i => i.IsFigure))
        {
            return false;
        }

        float width = Right(column) - Left(column), textWidth = Right(text) - Left(text);
        var gap = Gap(column, text);
        if (width > MaxWidthShare * textWidth || gap < 0 || gap > MaxGapInHeights * bodyHeight
            || column.Min(i => i.Top) < text.Min(i => i.Top) - bodyHeight || column.Max(i => i.Bottom) > text.Max(i => i.Bottom) + bodyHeight)
        {
            return false;
        }

        var rows = LayoutGeometry.Rows(column);
        var textRows = LayoutGeometry.Rows(text);
        if (textRows.Count < Math.Max(3, MinRowsPerNote * rows.Count) || !rows.All(IsLabel))
        {
            return false;
        }

        var lengths = textRows.Select(r => r[^1].Right - r[0].Left).ToList();
        return LayoutGeometry.Percentile(lengths, 0.5f) >= 0.6f * textWidth
            && rows.All(r => textRows.Any(t => MathF.Abs(Middle(t) - Middle(r)) <= 0.5f * bodyHeight));
    }

    // The notes of a column, each its lines' items top to bottom: lines of a note follow each other with less than
    // MarginNotes.StackGapInHeights of gap; a wider gap starts the next note.
    private static IEnumerable<List<LayoutItem>> Stacks(List<List<LayoutItem>> rows, float bodyHeight)
    {
        var stack = new List<LayoutItem>();
        foreach (var row in rows)
        {
            if (stack.Count > 0 && row.Min(i => i.Top) - stack.Max(i => i.Bottom) >= MarginNotes.StackGapInHeights * bodyHeight)
            {
                yield return stack;
                stack = [];
            }

            stack.AddRange(row);
        }

        if (stack.Count > 0)
        {
            yield return stack;
        }
    }

    private static bool IsLabel(List<LayoutItem> row) => MarginNotes.IsLabel(string.Join(' ', row.Select(i => i.Line.Text.Trim())));

    // Horizontal gap between a note column and its text, on whichever side the notes are.
    private static float Gap(List<LayoutItem> column, List<LayoutItem> text) =>
        Right(column) <= Left(text) ? Left(text) - Right(column) : Left(column) - Right(text);

    private static float Left(List<LayoutItem> items) => items.Min(i => i.Left);

    private static float Right(List<LayoutItem> items) => items.Max(i => i.Right);

    private static float Middle(List<LayoutItem> row) => row.Average(i => i.CenterY);
}
