namespace Folio.Pages.Layout;

/// <summary>
/// Author blocks side by side (a first page's authors in a grid), which line up in rows and columns like a table:
/// each column a stack of one author's name, affiliation and address, at least two columns holding an e-mail
/// address. Read as a table, or row by row, its rows would interleave the authors; it reads column by column.
/// </summary>
internal static class AuthorGrid
{
    /// <summary>Whether the rows of a table found by <see cref="TableBuilder.Find"/> are author blocks side by side.</summary>
    public static bool Matches(IReadOnlyList<List<LayoutItem>> rows, List<(float Left, float Right)> bands) =>
        bands.Count >= 2 && rows.SelectMany(r => r).Where(c => IsMailAddress(c.Line.Text)).Select(c => TableBuilder.BandOf(bands, c)).Distinct().Count() >= 2;

    /// <summary>Each column's lines, top to bottom, one row each; the columns left to right.</summary>
    public static List<List<List<LayoutItem>>> Columns(IReadOnlyList<List<LayoutItem>> rows, List<(float Left, float Right)> bands) =>
        [.. rows.SelectMany(r => r).GroupBy(c => TableBuilder.BandOf(bands, c)).OrderBy(g => g.Key).Select(g => g.OrderBy(c => c.Top).Select(c => new List<LayoutItem> { c }).ToList())];

    /// <summary>Whether the text holds a token with an @ between a name and a dotted domain.</summary>
    public static bool IsMailAddress(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(token =>
        token.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < token.Length - 3 && token[(at + 1)..].Contains('.', StringComparison.Ordinal)
        && token.All(ch => char.IsLetterOrDigit(ch) || ".-_+@{},".Contains(ch, StringComparison.Ordinal)));
}
