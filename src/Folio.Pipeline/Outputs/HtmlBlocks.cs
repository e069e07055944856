using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Folio.Contracts;
using Folio.Pages.Layout;

namespace Folio.Pipeline;

/// <summary>
/// How one block reads in the HTML output: <c>h1</c> for the title, <c>h2</c>… by heading level (as the Markdown's
/// <c>##</c>…), paragraphs, tables with their row and column spans (the table writer of <c>Folio.Pages</c>), figures as an
/// empty <c>figure</c> with the anchor the Markdown links to, list items as <c>li</c> (grouped into lists by
/// <see cref="HtmlDocumentWriter"/>). Text is HTML-escaped.
/// </summary>
public static partial class HtmlBlocks
{
    /// <summary>The HTML of a block that is not a list item, given its (possibly joined) text.</summary>
    /// <param name="block">The block.</param>
    /// <param name="text">Its text, joined with a continuation when it runs on over a page break.</param>
    /// <param name="page">The page it belongs to, for figure anchors.</param>
    public static string Render(Block block, string text, PageResult page)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(page);
        var escaped = Escape(text.Trim());
        return block.Kind switch
        {
            BlockKinds.Title => $"<h1>{escaped}</h1>",
            BlockKinds.Heading or "sectionHeading" => Heading(block.Level, escaped),
            BlockKinds.Table when block.Table is { } table => TableBuilder.ToHtml(table),
            BlockKinds.Table => $"<pre class=\"table\">{escaped}</pre>",
            BlockKinds.Figure => string.Create(CultureInfo.InvariantCulture, $"<figure id=\"page-{page.PageNumber}-figure-{1 + page.Blocks.Count(b => b.Kind == BlockKinds.Figure && b.Order < block.Order)}\"></figure>"),
            BlockKinds.Paragraph => $"<p>{escaped}</p>",
            _ => $"<p class=\"{Escape(block.Kind)}\">{escaped}</p>",
        };
    }

    /// <summary>
    /// A list item: the list it belongs in (<c>ol</c> for <c>1.</c> or <c>2)</c>, with the number; <c>ul</c> otherwise) and
    /// its text without a bullet or number (other markers such as <c>(a)</c> stay in the text).
    /// </summary>
    public static (string List, int? Number, string Text) ListItem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        var ordered = Ordered().Match(text);
        if (ordered.Success)
        {
            return ("ol", int.Parse(ordered.Groups[1].Value, CultureInfo.InvariantCulture), text[ordered.Length..].TrimStart());
        }

        return ("ul", null, Bullet().Replace(text, string.Empty, 1));
    }

    /// <summary>A heading element by level: level 1 is <c>h2</c> (the title is <c>h1</c>), capped at <c>h6</c>.</summary>
    public static string Heading(int? level, string escapedText)
    {
        var n = Math.Clamp((level ?? 1) + 1, 2, 6);
        return string.Create(CultureInfo.InvariantCulture, $"<h{n}>{escapedText}</h{n}>");
    }

    /// <summary>The text with <c>&amp; &lt; &gt; " '</c> escaped; everything else stays as it is (the document is UTF-8).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^[•●▪◦‣∙·\-–*]\s+")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(\d{1,3})[.)]\s")]
    private static partial Regex Ordered();
}
