namespace Folio.Pipeline;

/// <summary>
/// The formats a document can be written in, named by their file extension: <c>md</c> and <c>json</c> (always written
/// at assembly, the default selection), and on request <c>txt</c>, <c>html</c> and <c>pdf</c> (a searchable PDF).
/// </summary>
public static class OutputFormats
{
    /// <summary>Markdown: blocks in reading order, <c>&lt;!-- page N --&gt;</c> markers.</summary>
    public const string Markdown = "md";

    /// <summary>The document JSON: pages, blocks, lines, words, provenance.</summary>
    public const string Json = "json";

    /// <summary>Plain text: blocks in reading order, pages separated by a form feed.</summary>
    public const string Text = "txt";

    /// <summary>A standalone HTML document: headings, paragraphs, lists, tables, page anchors.</summary>
    public const string Html = "html";

    /// <summary>The original pages with an invisible text layer at the words' boxes.</summary>
    public const string Pdf = "pdf";

    /// <summary>Every format, in the order outputs are listed.</summary>
    public static IReadOnlyList<string> All { get; } = [Markdown, Json, Text, Html, Pdf];

    /// <summary>What is written or copied when no format is asked for.</summary>
    public static IReadOnlyList<string> Default { get; } = [Markdown, Json];

    /// <summary>Whether <paramref name="format"/> (lower case) is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string format) => All.Contains(format, StringComparer.Ordinal);

    /// <summary>The formats asked for, lower case, each once, in the order of <see cref="All"/>; <see cref="Default"/> when none.</summary>
    /// <exception cref="ArgumentException">A format that is not one of <see cref="All"/>.</exception>
    public static IReadOnlyList<string> Selected(IEnumerable<string>? formats)
    {
        var asked = (formats ?? []).Select(f => f.Trim().ToLowerInvariant()).Where(f => f.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (asked.FirstOrDefault(f => !IsKnown(f)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not an output format; the formats are {Describe()}.", nameof(formats));
        }

        return asked.Count == 0 ? Default : All.Where(asked.Contains).ToArray();
    }

    /// <summary>The formats written at assembly besides Markdown and JSON: those of <paramref name="formats"/> in <see cref="All"/> order.</summary>
    public static IReadOnlyList<string> Extra(IEnumerable<string>? formats) =>
        Selected(formats).Where(f => f is not (Markdown or Json)).ToArray();

    /// <summary>The media type a file of <paramref name="format"/> is stored and served with.</summary>
    public static string ContentType(string format) => format switch
    {
        Markdown => "text/markdown; charset=utf-8",
        Json => "application/json",
        Text => "text/plain; charset=utf-8",
        Html => "text/html; charset=utf-8",
        Pdf => "application/pdf",
        _ => "application/octet-stream",
    };

    /// <summary>The formats as a sentence: <c>md, json, txt, html and pdf</c>.</summary>
    public static string Describe() => string.Join(", ", All.Take(All.Count - 1)) + " and " + All[^1];
}
