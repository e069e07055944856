using System.Text.RegularExpressions;
using Folio.Contracts;
using Folio.Ocr.Layout;

namespace Folio.Pipeline;

/// <summary>How one block reads in the Markdown: <c>#</c> for the title, <c>##</c>… for headings by level, list items, tables as they are.</summary>
public static partial class MarkdownBlocks
{
    /// <summary>The Markdown of a block, given its (possibly joined) text.</summary>
    public static string Render(Block block, string text)
    {
        text = text.Trim();
        return block.Kind switch
        {
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
