using System.Globalization;
using Folio.Documents;

namespace Folio.Pipeline;

/// <summary>Parses page selections such as <c>1-3,7</c>, <c>10-</c> or <c>all</c> (1-based, inclusive).</summary>
public static class PageSelection
{
    /// <summary>The selected page numbers, ascending and without duplicates.</summary>
    /// <param name="selection">The selection; null, empty or <c>all</c> selects every page.</param>
    /// <param name="pageCount">Pages in the document.</param>
    /// <exception cref="DocumentException">Kind <see cref="DocumentErrorKind.PageOutOfRange"/>: malformed, or a page outside the document.</exception>
    public static IReadOnlyList<int> Parse(string? selection, int pageCount)
    {
        if (string.IsNullOrWhiteSpace(selection) || selection.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return Enumerable.Range(1, pageCount).ToArray();
        }

        var pages = new SortedSet<int>();
        foreach (var raw in selection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = raw.IndexOf('-', StringComparison.Ordinal);
            var first = Number(dash < 0 ? raw : raw[..dash], selection);
            var last = dash < 0 ? first : raw[(dash + 1)..].Trim().Length == 0 ? pageCount : Number(raw[(dash + 1)..], selection);
            if (first < 1 || last < first || last > pageCount)
            {
                throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"Page range '{raw}' does not fit the document's {pageCount} page(s).");
            }

            for (var page = first; page <= last; page++)
            {
                pages.Add(page);
            }
        }

        if (pages.Count == 0)
        {
            throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"The page selection '{selection}' selects no page.");
        }

        return pages.ToArray();
    }

    /// <summary>Whether <paramref name="selection"/> is written like <c>1-3,7</c> or <c>10-</c> (whatever the page count).</summary>
    public static bool IsWellFormed(string? selection)
    {
        if (string.IsNullOrWhiteSpace(selection) || selection.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var parts = selection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && parts.All(part =>
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? part : part[..dash];
            var last = dash < 0 ? first : part[(dash + 1)..].Trim();
            return int.TryParse(first.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var from) && from >= 1
                && (last.Length == 0 || (int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to) && to >= from));
        });
    }

    private static int Number(string text, string selection) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"The page selection '{selection}' is not like '1-3,7'.");
}
