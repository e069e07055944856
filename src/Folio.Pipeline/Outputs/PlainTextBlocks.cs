using System.Globalization;
using System.Text;
using Folio.Contracts;
using Folio.Pages.Layout;

namespace Folio.Pipeline;

/// <summary>
/// How a page reads in the plain-text output: its body blocks (<see cref="DocumentLayout.BodyBlocks"/>) in reading order,
/// a blank line between blocks, tables one row a line with their cells separated by tabs, figures left out (they have
/// no text of their own; their caption is a block). Pages are separated by a form feed (<see cref="PageSeparator"/>).
/// </summary>
public static class PlainTextBlocks
{
    /// <summary>What separates one page from the next in the text output: a form feed, as <c>pdftotext</c> writes.</summary>
    public const char PageSeparator = '\f';

    /// <summary>The text of one page, ending with a newline (a failed page reads as one line saying so).</summary>
    /// <param name="page">The page, as assembled.</param>
    /// <param name="continuation">The text its last paragraph goes on with on the next page; null when none.</param>
    public static string Page(PageResult page, string? continuation)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Status == PageStatus.Failed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"[Page {page.PageNumber} could not be read: {(page.Error ?? "unknown error").ReplaceLineEndings(" ")}]\n");
        }

        var sb = new StringBuilder();
        foreach (var (block, text) in DocumentLayout.BodyBlocks(page, continuation))
        {
            if (Render(block, text) is { Length: > 0 } rendered)
            {
                sb.Append(sb.Length > 0 ? "\n" : string.Empty).Append(rendered).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>The text of one block, trimmed; empty for a figure.</summary>
    /// <param name="block">The block.</param>
    /// <param name="text">Its text, joined with a continuation when it runs on over a page break.</param>
    public static string Render(Block block, string text)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(text);
        return block.Kind switch
        {
            BlockKinds.Figure => string.Empty,
            BlockKinds.Table when block.Table is { } table => Rows(table),
            _ => text.Trim(),
        };
    }

    /// <summary>One line per row, cells separated by tabs; a cell that spans columns fills its first one, the others stay empty.</summary>
    public static string Rows(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = new List<string>(table.Rows);
        for (var r = 0; r < table.Rows; r++)
        {
            var cells = new string[table.Columns];
            foreach (var cell in table.Cells.Where(c => c.Row == r && c.Column >= 0 && c.Column < table.Columns))
            {
                cells[cell.Column] = cell.Text.ReplaceLineEndings(" ").Replace('\t', ' ').Trim();
            }

            lines.Add(string.Join('\t', cells.Select(c => c ?? string.Empty)));
        }

        return string.Join('\n', lines);
    }
}
