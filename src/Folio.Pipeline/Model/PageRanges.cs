using System.Globalization;
using System.Text;

namespace Folio.Pipeline;

/// <summary>Sets of page numbers written compactly as ranges (<c>1-12,14,20-22</c>), for orchestration history.</summary>
public static class PageRanges
{
    /// <summary>Ascending ranges of the pages; empty string for none.</summary>
    public static string Format(IEnumerable<int> pages)
    {
        var sorted = pages.Distinct().Order().ToArray();
        var sb = new StringBuilder();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                sb.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return sb.ToString();
    }

    /// <summary>The pages of <see cref="Format"/>'s output; empty for null or empty.</summary>
    public static IReadOnlySet<int> Parse(string? ranges)
    {
        var pages = new HashSet<int>();
        foreach (var part in (ranges ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = int.Parse(dash < 0 ? part : part[..dash], CultureInfo.InvariantCulture);
            var last = dash < 0 ? first : int.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
            for (var p = first; p <= last; p++)
            {
                pages.Add(p);
            }
        }

        return pages;
    }
}
