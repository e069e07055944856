namespace Folio.Pages.Layout;

/// <summary>
/// What the lines on one side of a candidate gutter read as: a text column, a column of numbered entries (a table of
/// contents or a numbered list), or the page numbers of a table of contents. <see cref="ColumnStructure"/> keeps a
/// gutter only where both sides read as columns.
/// </summary>
internal static class ColumnSides
{
    /// <summary>A side is a column of numbered entries when at least this share of its rows start with a number.</summary>
    public const float MinNumberedShare = 0.7f;

    /// <summary>
    /// Whether one side of a gutter reads as a text column: at least <see cref="ColumnCutter.MinColumnShare"/> of the
    /// region wide, with half its characters or more in lines of 20 characters or more that fill
    /// <see cref="ColumnCutter.ProseFill"/> of its width (a table or a list beside the prose does not unmake it).
    /// </summary>
    internal static bool IsColumn(List<LayoutItem> side, float regionWidth)
    {
        var extent = side.Max(i => i.Right) - side.Min(i => i.Left);
        var full = side.Where(i => i.Line.Text.Length >= 20 && i.Width >= ColumnCutter.ProseFill * extent).Sum(i => i.Line.Text.Length);
        return extent >= ColumnCutter.MinColumnShare * regionWidth && full >= 0.5f * side.Sum(i => i.Line.Text.Length);
    }

    /// <summary>
    /// Whether both sides of a gutter read as columns: both as text columns (<see cref="IsColumn"/>), or one as a text
    /// column and the other as a column of numbered entries (<see cref="IsNumberedEntries"/>: a table of contents or a
    /// numbered list beside the prose, whose short lines read as no prose column).
    /// </summary>
    internal static bool AreColumns(List<LayoutItem> left, List<LayoutItem> right, float regionWidth)
    {
        bool leftColumn = IsColumn(left, regionWidth), rightColumn = IsColumn(right, regionWidth);
        return (leftColumn && rightColumn)
            || (leftColumn && IsNumberedEntries(right, regionWidth))
            || (rightColumn && IsNumberedEntries(left, regionWidth));
    }

    /// <summary>
    /// Whether a side is a column of numbered entries: at least <see cref="ColumnCutter.MinColumnShare"/> of the region
    /// wide, six rows or more, and at least <see cref="MinNumberedShare"/> of its rows starting with a section or list
    /// number (<c>3</c>, <c>5.1</c>, <c>A</c>, <c>2)</c>, <c>[4]</c>) followed by a word.
    /// </summary>
    internal static bool IsNumberedEntries(List<LayoutItem> side, float regionWidth)
    {
        var rows = LayoutGeometry.Rows(side);
        var extent = side.Max(i => i.Right) - side.Min(i => i.Left);
        var numbered = rows.Count(row => SectionNumbers.StartsEntry(string.Join(' ', row.Select(i => i.Line.Text)).Trim()));
        return extent >= ColumnCutter.MinColumnShare * regionWidth && rows.Count >= 6 && numbered >= MinNumberedShare * rows.Count;
    }

    /// <summary>
    /// The page numbers of a table of contents on the left of a gap, when they stand on its right, or null: the left
    /// side is numbered entries and no prose column, and the right side holds a strip of three or more page numbers
    /// (<see cref="BlockKinds.IsPageNumber"/>) whose right edges align within a line height, each on the row of a left-side entry.
    /// Such a gap lies between the contents' titles and their numbers, or inside the titles; the gutter, if the page
    /// has one, lies right of the numbers.
    /// </summary>
    internal static List<LayoutItem>? ContentsPageNumbers(List<LayoutItem> left, List<LayoutItem> right, float regionWidth)
    {
        if (IsColumn(left, regionWidth) || !IsNumberedEntries(left, regionWidth))
        {
            return null;
        }

        var numbers = right.Where(n => BlockKinds.IsPageNumber(n.Line.Text) && left.Any(e => MathF.Min(e.Bottom, n.Bottom) - MathF.Max(e.Top, n.Top) > 0.5f * MathF.Min(e.Height, n.Height))).ToList();
        if (numbers.Count < 3)
        {
            return null;
        }

        var height = LayoutGeometry.Percentile([.. numbers.Select(i => i.Height)], 0.5f);
        var edge = LayoutGeometry.Percentile([.. numbers.Select(i => i.Right)], 0.5f);
        var aligned = numbers.Where(i => MathF.Abs(i.Right - edge) <= height).ToList();
        return aligned.Count >= 3 ? aligned : null;
    }
}
