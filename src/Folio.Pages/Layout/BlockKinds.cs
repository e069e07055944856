using System.Text.RegularExpressions;

namespace Folio.Pages.Layout;

/// <summary>
/// Block kinds from geometry and text: heading levels from the text height relative to the page's body text and
/// from section numbering, list items from their markers, margins from position, footnotes from small text at the
/// foot of the page.
/// </summary>
public static partial class BlockKinds
{
    /// <summary>Kind of body text.</summary>
    public const string Paragraph = "paragraph";

    /// <summary>The page's main title (text at least <see cref="TitleRatio"/> times the body height).</summary>
    public const string Title = "title";

    /// <summary>A heading; see <c>Block.Level</c>.</summary>
    public const string Heading = "heading";

    /// <summary>An item of a bulleted or numbered list.</summary>
    public const string ListItem = "listItem";

    /// <summary>A table; see <c>Block.Table</c>.</summary>
    public const string Table = "table";

    /// <summary>Running header in the top margin.</summary>
    public const string PageHeader = "pageHeader";

    /// <summary>Running footer in the bottom margin.</summary>
    public const string PageFooter = "pageFooter";

    /// <summary>A page number alone in a margin.</summary>
    public const string PageNumber = "pageNumber";

    /// <summary>Small text at the foot of the body.</summary>
    public const string Footnote = "footnote";

    /// <summary>A picture, chart or drawing: an ink region without text; its lines are any labels inside it.</summary>
    public const string Figure = "figure";

    /// <summary>A short text starting with "Figure", "Fig." or "Table" right above or below a figure; it follows the figure in reading order.</summary>
    public const string Caption = "caption";

    /// <summary>Text this many times the body height or more is a title.</summary>
    public const float TitleRatio = 1.8f;

    /// <summary>Text this many times the body height or more is a heading.</summary>
    public const float HeadingRatio = 1.25f;

    /// <summary>A single short line this many times the body height or more is a heading.</summary>
    public const float ShortHeadingRatio = 1.2f;

    /// <summary>Longest heading, in characters.</summary>
    public const int MaxHeadingLength = 80;

    /// <summary>Margins: the top and bottom fraction of the page that holds headers, footers and page numbers.</summary>
    public const float MarginShare = 0.08f;

    /// <summary>Kinds left out of the Markdown body.</summary>
    public static bool IsFurniture(string kind) => kind is PageHeader or PageFooter or PageNumber;

    /// <summary>Whether the text starts with a bullet or an enumerator: <c>•</c>, <c>-</c>, <c>1.</c>, <c>2)</c>, <c>(a)</c>, <c>iv.</c>.</summary>
    public static bool StartsListItem(string text) => ListMarker().IsMatch(text.TrimStart());

    /// <summary>Whether the text is a page number: <c>12</c>, <c>- 12 -</c>, <c>Page 3</c>, <c>Page 3 of 9</c>, <c>xiv</c>.</summary>
    public static bool IsPageNumber(string text) => PageNumberPattern().IsMatch(text.Trim());

    /// <summary>
    /// Kind and heading level of a body block from its median line height relative to the body text,
    /// its number of rows and its text.
    /// </summary>
    /// <param name="text">The block's text.</param>
    /// <param name="ratio">Median line height of the block over the body's.</param>
    /// <param name="rows">Text rows in the block.</param>
    public static (string Kind, int? Level) Classify(string text, float ratio, int rows)
    {
        var depth = SectionNumbers.HeadingDepth(text);
        if (ratio >= TitleRatio && rows <= 3)
        {
            return (Title, null);
        }

        // Short text only: a tall OCR box around one long line of body text is not a heading.
        if (ratio >= HeadingRatio && rows <= 3 && text.Length <= MaxHeadingLength)
        {
            var level = depth > 0 ? Math.Min(depth, 6) : ratio >= 1.6f ? 1 : ratio >= 1.35f ? 2 : 3;
            return (Heading, level);
        }

        // One short line, not a list item, not ending like a sentence: a heading when a little larger than the body and
        // starting with a letter or a number; at body size, when numbered, its first word a capital's, with no sentence
        // in it and no page number at its end ("4 Tables and Figures": a section heading set in bold body type; a
        // run-in heading, "7.2 Final Column Balancing. The option…", starts a paragraph).
        var trimmed = text.Trim();
        var shortLine = rows == 1 && trimmed.Length is > 0 and <= 60 && trimmed[^1] is not ('.' or ',' or ';' or ':' or ')') && !StartsListItem(trimmed);
        if (shortLine && ratio >= ShortHeadingRatio && char.IsLetterOrDigit(trimmed[0]))
        {
            return (Heading, depth > 0 ? Math.Min(depth, 6) : 3);
        }

        if (shortLine && depth > 0 && char.IsUpper(trimmed.SkipWhile(c => !char.IsLetter(c)).FirstOrDefault())
            && !char.IsDigit(trimmed[^1]) && !trimmed.Contains(". ", StringComparison.Ordinal))
        {
            return (Heading, Math.Min(depth, 6));
        }

        if (StartsListItem(text))
        {
            return (ListItem, null);
        }

        return (Paragraph, null);
    }

    [GeneratedRegex(@"^(?:[•●▪◦‣∙·\-–*]\s+|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcdm]{1,6})[.)]\s+|\(\d{1,3}\)\s+)")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^(?:[-–—]\s*)?(?:(?:page|p\.|seite)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumberPattern();
}
