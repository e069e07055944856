using System.Globalization;
using System.Text.RegularExpressions;
using Folio.Contracts;
using Folio.Pages.Layout;

namespace Folio.Pipeline;

/// <summary>
/// How one block reads in the Markdown: <c>#</c> for the title, <c>##</c>… for headings by level, list items, tables
/// as they are, figures as an image placeholder <c>![Figure](#page-N-figure-K)</c> (their caption follows as its own block).
/// </summary>
public static partial class MarkdownBlocks
{
    /// <summary>The Markdown of a block, given its (possibly joined) text.</summary>
    /// <param name="block">The block.</param>
    /// <param name="text">Its text, joined with a continuation when it runs on over a page break.</param>
    /// <param name="page">The page it belongs to, for figure anchors (page number, figure number on the page); without it the anchor is <c>#figure</c>.</param>
    public static string Render(Block block, string text, PageResult? page = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        text = text.Trim();
        return block.Kind switch
        {
            BlockKinds.Figure => page is null
                ? "![Figure](#figure)"
                : string.Create(CultureInfo.InvariantCulture, $"![Figure](#page-{page.PageNumber}-figure-{1 + page.Blocks.Count(b => b.Kind == BlockKinds.Figure && b.Order < block.Order)})"),
            BlockKinds.Title => "# " + text,
            BlockKinds.Heading or "sectionHeading" => new string('#', Math.Clamp((block.Level ?? 1) + 1, 2, 6)) + " " + text,
            BlockKinds.ListItem => Bullet().IsMatch(text) ? Bullet().Replace(text, "- ", 1) : Ordered().IsMatch(text) ? text : "- " + text,
            _ => text,
        };
    }

    [GeneratedRegex(@"^[•●▪◦‣∙·\-–*]\s+")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^\d{1,3}[.)]\s")]
    private static partial Regex Ordered();
}
