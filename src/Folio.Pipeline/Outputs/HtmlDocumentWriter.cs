using System.Globalization;
using System.Text;
using Folio.Contracts;
using Folio.Pages.Layout;

namespace Folio.Pipeline;

/// <summary>
/// The HTML output (<see cref="OutputFormats.Html"/>): one standalone UTF-8 document, each page a
/// <c>&lt;section id="page-N"&gt;</c> holding its body blocks (<see cref="DocumentLayout.BodyBlocks"/>) as
/// <see cref="HtmlBlocks"/> renders them; consecutive list items of a page form one <c>ul</c> or <c>ol</c>.
/// </summary>
internal sealed class HtmlDocumentWriter(string path) : IPageOutput
{
    private const string Style = "body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        + "section.page{border-top:1px solid #ccc;padding-top:1em}table{border-collapse:collapse}"
        + "th,td{border:1px solid #999;padding:.2em .5em;vertical-align:top}"
        + ".failed{color:#a00}.footnote,.caption{font-size:.9em}figure{margin:0}";

    private readonly StreamWriter _writer = new(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };

    public string Format => OutputFormats.Html;

    public string Path => path;

    public async Task BeginAsync(string title)
    {
        await _writer.WriteLineAsync("<!DOCTYPE html>").ConfigureAwait(false);
        await _writer.WriteLineAsync("<html>").ConfigureAwait(false);
        await _writer.WriteLineAsync("<head>").ConfigureAwait(false);
        await _writer.WriteLineAsync("<meta charset=\"utf-8\">").ConfigureAwait(false);
        await _writer.WriteLineAsync("<meta name=\"generator\" content=\"folio\">").ConfigureAwait(false);
        await _writer.WriteLineAsync($"<title>{HtmlBlocks.Escape(title)}</title>").ConfigureAwait(false);
        await _writer.WriteLineAsync($"<style>{Style}</style>").ConfigureAwait(false);
        await _writer.WriteLineAsync("</head>").ConfigureAwait(false);
        await _writer.WriteLineAsync("<body>").ConfigureAwait(false);
    }

    public async Task WritePageAsync(PageResult page, string? continuation) =>
        await _writer.WriteAsync(Page(page, continuation)).ConfigureAwait(false);

    public async Task EndAsync()
    {
        await _writer.WriteLineAsync("</body>").ConfigureAwait(false);
        await _writer.WriteLineAsync("</html>").ConfigureAwait(false);
        await _writer.FlushAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>The section of one page.</summary>
    internal static string Page(PageResult page, string? continuation)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"page\" id=\"page-{page.PageNumber}\">\n");
        if (page.Status == PageStatus.Failed)
        {
            var error = HtmlBlocks.Escape((page.Error ?? "unknown error").ReplaceLineEndings(" "));
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"failed\"><strong>Page {page.PageNumber} could not be read:</strong> {error}</p>\n");
        }
        else
        {
            string? list = null;
            foreach (var (block, text) in DocumentLayout.BodyBlocks(page, continuation))
            {
                if (block.Kind == BlockKinds.ListItem)
                {
                    var (kind, number, itemText) = HtmlBlocks.ListItem(text);
                    if (kind != list)
                    {
                        CloseList(sb, list);
                        sb.Append(kind == "ol" && number is > 1 ? string.Create(CultureInfo.InvariantCulture, $"<ol start=\"{number}\">\n") : $"<{kind}>\n");
                        list = kind;
                    }

                    sb.Append("<li>").Append(HtmlBlocks.Escape(itemText)).Append("</li>\n");
                    continue;
                }

                CloseList(sb, list);
                list = null;
                sb.Append(HtmlBlocks.Render(block, text, page)).Append('\n');
            }

            CloseList(sb, list);
        }

        return sb.Append("</section>\n").ToString();
    }

    private static void CloseList(StringBuilder sb, string? list)
    {
        if (list is not null)
        {
            sb.Append("</").Append(list).Append(">\n");
        }
    }
}
