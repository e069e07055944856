namespace Folio.Pages.Layout;

/// <summary>
/// Notes in the margin beside a column's lines (a macro's name beside the paragraph that explains it, a keyword):
/// short labels of up to <see cref="MaxWords"/> words, each the first item of a row, that lie left of where the
/// region's other rows start (all but a tenth of them; OCR boxes may reach half a line height over), with nothing
/// else in their band; the lines set close under a note in the margin are more of it. They are read after the line
/// they sit beside, as typesetting systems draw them, and are never a table's first column. Section numbers hanging
/// beside their headings and list marks are not notes (the text starts after them), and a description list's terms
/// are not either: they start where the region's other paragraphs start.
/// </summary>
internal static class MarginNotes
{
    /// <summary>Most words in a margin note.</summary>
    public const int MaxWords = 5;

    /// <summary>Shortest line beside a margin note, in body line heights: a line of text, not a figure's tick label.</summary>
    public const float MinLineInHeights = 8;

    /// <summary>Most characters in a margin note.</summary>
    public const int MaxLength = 40;

    /// <summary>Widest gap between a note's lines set one under the other, in body line heights; a wider one starts another note.</summary>
    public const float StackGapInHeights = 0.8f;

    /// <summary>Narrowest gap after a line's first word that may set it apart as a note the detector merged into the line, in text heights.</summary>
    public const float MergedGapInHeights = 0.6f;

    /// <summary>
    /// The rows with their margin notes taken out, and the note of each such row (keyed by the row without it). A
    /// line whose first word is a label set apart by <see cref="MergedGapInHeights"/> or more (the detector drew the
    /// note and its line as one box) is cut there when the label is a note; other rows stay as they are.
    /// </summary>
    /// <param name="rows">Rows of one region, top to bottom, each left to right.</param>
    /// <param name="bodyHeight">Typical line height of the page.</param>
    /// <param name="angle">The page's skew (<see cref="LayoutGeometry.SkewAngle"/>).</param>
    public static (List<List<LayoutItem>> Rows, Dictionary<List<LayoutItem>, List<LayoutItem>> Notes) Split(List<List<LayoutItem>> rows, float bodyHeight, float angle)
    {
        var opened = rows.Select(row => Opened(row, angle)).ToList();
        var found = Find(opened, bodyHeight);
        var notes = new Dictionary<List<LayoutItem>, List<LayoutItem>>();
        if (found.Count == 0)
        {
            return ([.. rows], notes);
        }

        var bare = new List<List<LayoutItem>>();
        float left = rows.Min(r => r[0].Left), right = rows.Max(r => r[^1].Right);
        List<LayoutItem>? noted = null, lastLine = null;
        for (var i = 0; i < rows.Count; i++)
        {
            if (!found.TryGetValue(i, out var note))
            {
                bare.Add(rows[i]);
                noted = lastLine = null;
                continue;
            }

            // A note's next line, set close under it, goes on with it (the whole note is read after its first line)
            // when it has no line beside it or the line above runs on; beside a line that ends its paragraph, it is
            // a note of its own (a list of macros, one beside each line that explains it).
            var rest = opened[i].Skip(note.Count).ToList();
            var runsOn = lastLine is not null && lastLine[^1].Right >= right - (0.2f * (right - left));
            if (noted is not null && note[0].Top - notes[noted].Max(n => n.Bottom) < StackGapInHeights * bodyHeight && (rest.Count == 0 || runsOn))
            {
                notes[noted].AddRange(note);
                if (rest.Count > 0)
                {
                    bare.Add(rest);
                    lastLine = rest;
                }

                continue;
            }

            bare.Add(rest);
            notes[rest] = note;
            noted = lastLine = rest;
        }

        return (bare, notes);
    }

    /// <summary>
    /// The margin note of each row that has one (its items), by row index. A region needs at least twice as many rows
    /// without notes as with, and three of them.
    /// </summary>
    /// <param name="rows">Rows of one region, top to bottom, each left to right.</param>
    /// <param name="bodyHeight">Typical line height of the page.</param>
    public static Dictionary<int, List<LayoutItem>> Find(IReadOnlyList<List<LayoutItem>> rows, float bodyHeight)
    {
        var labels = Enumerable.Range(0, rows.Count).Where(i => IsLabel(rows[i][0].Line.Text)).ToList();
        var labelled = labels.Where(i => rows[i].Count >= 2).ToList();
        if (labelled.Count == 0 || rows.Count - labels.Count < 3)
        {
            return [];
        }

        // The text's left edge: where all but a few rows start (a note the detector merged into its line starts
        // further left). A note starts a line height or more left of it and ends before it (detector boxes, padded,
        // may reach half a line into it; a line's short first word is no note); its line starts near the edge (a
        // first-line indent at most) and is a line of text, not a tick label; a run-in heading is no note.
        var starts = Enumerable.Range(0, rows.Count).Except(labels).Select(i => TextStart(rows[i])).ToList();
        var textLeft = LayoutGeometry.Percentile(starts, 0.1f);
        if (starts.Count(x => MathF.Abs(x - textLeft) <= bodyHeight) < Math.Max(3, 0.2f * starts.Count))
        {
            // Few rows start there (centred lines: a title block): the text has no left edge to stand out from.
            return [];
        }

        List<LayoutItem>? Note(List<LayoutItem> row)
        {
            // The row's first items that end before the text's edge, when they start a line height or more left of it.
            var items = row.TakeWhile(item => item.Right <= textLeft + (0.5f * bodyHeight)).ToList();
            return items.Count > 0 && items[0].Left <= textLeft - bodyHeight && IsLabel(string.Join(' ', items.Select(item => item.Line.Text.Trim()))) ? items : null;
        }

        var notes = new Dictionary<int, List<LayoutItem>>();
        foreach (var i in labelled)
        {
            if (Note(rows[i]) is { } note && note.Count < rows[i].Count && rows[i][note.Count].Left - textLeft <= 3 * bodyHeight
                && rows[i][^1].Right - rows[i][note.Count].Left >= MinLineInHeights * bodyHeight)
            {
                notes[i] = note;
            }
        }

        if (notes.Count == 0 || rows.Count - notes.Count < Math.Max(3, 2 * notes.Count))
        {
            return [];
        }

        // A note's next lines, set close under it in the margin, are notes too, whatever lies beside them.
        foreach (var i in labels.Where(i => !notes.ContainsKey(i)))
        {
            if (notes.TryGetValue(i - 1, out var above) && Note(rows[i]) is { } note && note[0].Top - above.Max(n => n.Bottom) < StackGapInHeights * bodyHeight)
            {
                notes[i] = note;
            }
        }

        // Nothing else lies in the notes' band (a heading or a term with no line beside it: a description list), and
        // no more than a tenth of the other rows start in it.
        var band = notes.Values.Max(n => n.Max(item => item.Right)) - (0.5f * bodyHeight);
        var others = Enumerable.Range(0, rows.Count).Where(i => !notes.ContainsKey(i)).ToList();
        var startInBand = others.Count(i => TextStart(rows[i]) <= band);
        var withinBand = others.Any(i => !HangsMark(rows[i]) && rows[i][0].Left <= band && rows[i][0].Right <= textLeft + (0.5f * bodyHeight));
        return !withinBand && startInBand <= 0.1f * others.Count ? notes : [];
    }

    // The row with its first line cut after its first word when that word is a label followed by a wide gap.
    private static List<LayoutItem> Opened(List<LayoutItem> row, float angle)
    {
        var words = row[0].Line.Words.Where(w => w.Text.Trim().Length > 0).OrderBy(w => w.Bbox.Left).ToList();
        if (words.Count < 2 || !IsLabel(words[0].Text) || words[1].Bbox.Left - words[0].Bbox.Right < MergedGapInHeights * row[0].TextHeight)
        {
            return row;
        }

        return [.. WideGaps.Parts(row[0], [[words[0]], words[1..]], angle), .. row.Skip(1)];
    }

    // Where a row's text starts: after a section number or list mark hanging in front of it.
    private static float TextStart(List<LayoutItem> row) => HangsMark(row) ? row[1].Left : row[0].Left;

    private static bool HangsMark(List<LayoutItem> row) =>
        row.Count >= 2 && (SectionNumbers.IsBareLabel(row[0].Line.Text) || BlockKinds.StartsListItem(row[0].Line.Text + " "));

    /// <summary>A note's text: a short label that starts with a letter or a backslash, no section number or list mark.</summary>
    public static bool IsLabel(string text)
    {
        var label = text.Trim();
        return label.Length is >= 2 and <= MaxLength
            && label.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxWords
            && (char.IsLetter(label[0]) || label[0] == '\\')
            && !SectionNumbers.IsBareLabel(label)
            && !BlockKinds.StartsListItem(label);
    }
}
