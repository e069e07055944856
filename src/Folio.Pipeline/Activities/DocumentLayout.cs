using System.Text;
using Folio.Contracts;
using Folio.Pages.Layout;

namespace Folio.Pipeline;

/// <summary>A block near the top or bottom of a page: the only part of a page the repetition pass looks at.</summary>
/// <param name="Page">1-based page number.</param>
/// <param name="Block">Index of the block in the page's list.</param>
/// <param name="Top">True in the top margin, false in the bottom one.</param>
/// <param name="Signature">The text with digits and roman numerals folded, lower case.</param>
public sealed record MarginCandidate(int Page, int Block, bool Top, string Signature);

/// <summary>
/// Document-level layout, pure: running headers, footers and page numbers found by repetition and position
/// across pages, and paragraphs that run on across a page break.
/// </summary>
public static class DocumentLayout
{
    /// <summary>Share of the page height, top and bottom, in which running headers and footers are looked for.</summary>
    public const float MarginShare = 0.12f;

    /// <summary>The first and last two blocks of a page that lie in its margins (none on a page of one block).</summary>
    public static IEnumerable<MarginCandidate> Candidates(PageResult page)
    {
        // A block alone on its page is its content, not a running header.
        if (page.Status != PageStatus.Succeeded || page.Height <= 0 || page.Blocks.Count < 2)
        {
            yield break;
        }

        var blocks = page.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (i >= 2 && i < blocks.Count - 2)
            {
                continue;
            }

            var b = blocks[i].Bbox;
            if (b.Bottom <= MarginShare * page.Height)
            {
                yield return new MarginCandidate(page.PageNumber, i, true, Signature(blocks[i].Text));
            }
            else if (b.Top >= (1 - MarginShare) * page.Height)
            {
                yield return new MarginCandidate(page.PageNumber, i, false, Signature(blocks[i].Text));
            }
        }
    }

    /// <summary>
    /// Candidates whose signature (same margin) appears on at least two pages, and on at least a quarter of the
    /// pages when there are eight or more: (page, block) → the kind it gets.
    /// </summary>
    public static Dictionary<(int Page, int Block), string> Repeated(IReadOnlyList<MarginCandidate> candidates, int pageCount)
    {
        var needed = Math.Max(2, pageCount >= 8 ? (int)Math.Ceiling(pageCount / 4.0) : 2);
        var result = new Dictionary<(int, int), string>();
        foreach (var group in candidates.GroupBy(c => (c.Top, c.Signature)))
        {
            if (group.Select(c => c.Page).Distinct().Count() < needed)
            {
                continue;
            }

            var kind = group.Key.Signature == "#" ? BlockKinds.PageNumber : group.Key.Top ? BlockKinds.PageHeader : BlockKinds.PageFooter;
            foreach (var c in group)
            {
                result[(c.Page, c.Block)] = kind;
            }
        }

        return result;
    }

    /// <summary>Digits and lone roman numerals become <c>#</c>, letters lower case, spaces collapsed.</summary>
    public static string Signature(string text)
    {
        var sb = new StringBuilder();
        foreach (var word in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var folded = word.All(c => "ivxlcdm".Contains(c, StringComparison.Ordinal)) && BlockKinds.IsPageNumber(word) ? "#" : FoldDigits(word);
            sb.Append(sb.Length > 0 ? " " : string.Empty).Append(folded);
        }

        return sb.ToString();
    }

    /// <summary>The page with the repeated blocks re-kinded and marked.</summary>
    public static PageResult MarkRepeated(PageResult page, IReadOnlyDictionary<(int Page, int Block), string> repeated) =>
        page with
        {
            Blocks = page.Blocks.Select((b, i) => repeated.TryGetValue((page.PageNumber, i), out var kind) ? b with { Kind = kind, Repeated = true } : b).ToList(),
        };

    /// <summary>Index of the last block of the body (not furniture, not a footnote); -1 when none.</summary>
    public static int LastBodyBlock(PageResult page)
    {
        for (var i = page.Blocks.Count - 1; i >= 0; i--)
        {
            if (IsBody(page.Blocks[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the first block of the body; -1 when none.</summary>
    public static int FirstBodyBlock(PageResult page)
    {
        for (var i = 0; i < page.Blocks.Count; i++)
        {
            if (IsBody(page.Blocks[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Whether a paragraph ending a page runs on into the one starting the next: both paragraphs, the first without
    /// closing punctuation, and the second starting in lower case or the first ending with a hyphen or comma.
    /// </summary>
    public static bool RunsOn(Block last, Block first)
    {
        if (last.Kind != BlockKinds.Paragraph || first.Kind != BlockKinds.Paragraph)
        {
            return false;
        }

        var end = last.Text.TrimEnd().TrimEnd('"', '\'', ')', '”', '’');
        var start = first.Text.TrimStart();
        if (end.Length == 0 || start.Length == 0 || end[^1] is '.' or '!' or '?' or ':')
        {
            return false;
        }

        return char.IsLower(start[0]) || end[^1] is '-' or ',' or ';';
    }

    /// <summary>The two texts joined as lines of one paragraph (a hyphen between lower-case letters removed).</summary>
    public static string Join(string last, string first) => LineJoiner.JoinLines([last, first]);

    /// <summary>Whether a block goes into the Markdown body: not a repeated header or footer, not a page number.</summary>
    public static bool InMarkdown(Block block) => block.Repeated != true && block.Kind != BlockKinds.PageNumber;

    /// <summary>
    /// The blocks of a page that the Markdown, text and HTML outputs show, in reading order, each with its text: the
    /// ones <see cref="InMarkdown"/> keeps, less a paragraph continued from the previous page (it was joined there),
    /// and the last paragraph joined with <paramref name="continuation"/> when it runs on into the next page.
    /// </summary>
    /// <param name="page">A page as assembled (repetition marked, continuations flagged).</param>
    /// <param name="continuation">The text the page's last paragraph goes on with on the next page; null when none.</param>
    public static IEnumerable<(Block Block, string Text)> BodyBlocks(PageResult page, string? continuation)
    {
        foreach (var block in page.Blocks.OrderBy(b => b.Order))
        {
            if (!InMarkdown(block) || block.ContinuedFromPreviousPage == true)
            {
                continue;
            }

            yield return (block, block.ContinuesOnNextPage == true && continuation is not null ? Join(block.Text, continuation) : block.Text);
        }
    }

    private static bool IsBody(Block block) => !BlockKinds.IsFurniture(block.Kind) && block.Kind != BlockKinds.Footnote && block.Repeated != true;

    private static string FoldDigits(string word)
    {
        var sb = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (char.IsDigit(c))
            {
                if (sb.Length == 0 || sb[^1] != '#')
                {
                    sb.Append('#');
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
