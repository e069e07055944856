namespace Folio.Pages.Layout;

/// <summary>
/// Notes in the margin beside a column's lines (a macro's name beside the paragraph that explains it, a keyword):
/// short labels of up to <see cref="MaxWords"/> words, each the first item of a row, that lie wholly left of where
/// every other row of the region starts, with a gap of half a line height or more before the row's text. They are read after
/// the line they sit beside, as typesetting systems draw them, and are never a table's first column. Section numbers
/// hanging beside their headings and list marks are not notes (the text starts after them), and a description list's
/// terms are not either: they start where the region's other paragraphs start.
/// </summary>
internal static class MarginNotes
{
    /// <summary>Most words in a margin note.</summary>
    public const int MaxWords = 3;

    /// <summary>Most characters in a margin note.</summary>
    public const int MaxLength = 30;

    /// <summary>
    /// The margin note of each row that has one, by row index. A region needs at least twice as many rows
    /// without notes as with, and three of them.
    /// </summary>
    /// <param name="rows">Rows of one region, top to bottom, each left to right.</param>
    /// <param name="bodyHeight">Typical line height of the page.</param>
    public static Dictionary<int, LayoutItem> Find(IReadOnlyList<List<LayoutItem>> rows, float bodyHeight)
    {
        var labelled = Enumerable.Range(0, rows.Count)
            .Where(i => rows[i].Count >= 2 && IsLabel(rows[i][0].Line.Text) && rows[i][1].Left - rows[i][0].Right >= 0.5f * bodyHeight)
            .ToList();
        if (labelled.Count == rows.Count)
        {
            return [];
        }

        // The notes' band lies left of every other row, and each note's line starts near the text's left edge
        // (a first-line indent at most); a label inside the text (a run-in heading) is none.
        var textLeft = Enumerable.Range(0, rows.Count).Except(labelled).Min(i => TextStart(rows[i]));
        var notes = labelled
            .Where(i => rows[i][0].Right < textLeft && rows[i][1].Left - textLeft <= 3 * bodyHeight)
            .ToDictionary(i => i, i => rows[i][0]);
        var others = Enumerable.Range(0, rows.Count).Where(i => !notes.ContainsKey(i)).ToList();
        if (notes.Count == 0 || others.Count < Math.Max(3, 2 * notes.Count) || others.Min(i => TextStart(rows[i])) <= notes.Values.Max(n => n.Right))
        {
            return [];
        }

        return notes;
    }

    // Where a row's text starts: after a section number or list mark hanging in front of it.
    private static float TextStart(List<LayoutItem> row) =>
        row.Count >= 2 && (SectionNumbers.IsBareLabel(row[0].Line.Text) || BlockKinds.StartsListItem(row[0].Line.Text + " ")) ? row[1].Left : row[0].Left;

    private static bool IsLabel(string text)
    {
        var label = text.Trim();
        return label.Length is >= 2 and <= MaxLength
            && label.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxWords
            && (char.IsLetter(label[0]) || label[0] == '\\')
            && !SectionNumbers.IsBareLabel(label)
            && !BlockKinds.StartsListItem(label);
    }
}
