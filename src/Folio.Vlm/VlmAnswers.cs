using Folio.Contracts;
using Folio.Pages.Layout;

namespace Folio.Vlm;

/// <summary>What became of one region's answer: the new block, or the reason to fall back to ppocr.</summary>
/// <param name="Block">The block read by the VLM; null when falling back.</param>
/// <param name="FallbackReason">One of <see cref="FallbackReasons"/>; null when the answer was used.</param>
/// <param name="Detail">Why, in words, for the log.</param>
public sealed record RegionOutcome(Block? Block, string? FallbackReason, string? Detail);

/// <summary>Turns an answer into a block by task, or refuses it (the runaway guard). Pure.</summary>
public static class VlmAnswers
{
    /// <summary>Block kind of a formula read by the VLM.</summary>
    public const string FormulaKind = "formula";

    /// <summary>
    /// Refuses answers that hit the token cap, repeat themselves or are empty; otherwise reads them by task:
    /// OCR text as the block's text; tables from OTSL (or a pipe table) into <see cref="Table"/> with Markdown (HTML when
    /// cells span); formulas as LaTeX; charts as a table when the answer is one, else as text.
    /// </summary>
    public static RegionOutcome Interpret(Block region, VlmTask task, ChatAnswer answer)
    {
        if (string.Equals(answer.FinishReason, "length", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(FallbackReasons.Length, $"the answer reached the token cap after {answer.Content.Length} characters");
        }

        if (RepetitionDetector.Find(answer.Content) is { } loop)
        {
            return Refuse(FallbackReasons.Repetition, $"a {loop.Period}-character unit repeats {loop.Repeats} times from character {loop.Start}");
        }

        var content = answer.Content.Trim();
        if (content.Length == 0)
        {
            return Refuse(FallbackReasons.Empty, "the answer is empty");
        }

        var read = region with { Engine = VlmEngine.Name, Fallback = null };
        switch (task)
        {
            case VlmTask.Table:
                if (OtslParser.LooksLikeOtsl(content))
                {
                    return OtslParser.TryParse(content, region.Bbox, out var otsl, out var error)
                        ? Use(read with { Table = otsl, Text = TableBuilder.ToMarkdown(otsl) })
                        : Refuse(FallbackReasons.Malformed, "bad OTSL: " + error);
                }

                return MarkdownTableParser.TryParse(content, region.Bbox, out var pipes)
                    ? Use(read with { Table = pipes, Text = TableBuilder.ToMarkdown(pipes) })
                    : Refuse(FallbackReasons.Malformed, "the table answer is neither OTSL nor a pipe table");

            case VlmTask.Formula:
                var latex = FormulaText.StripDelimiters(content);
                var inline = region.Kind == "inline_formula";
                return Use(read with { Kind = inline ? region.Kind : FormulaKind, Latex = latex, Text = FormulaText.ToMarkdown(latex, inline), Level = null, Table = null });

            case VlmTask.Chart:
                return MarkdownTableParser.TryParse(content, region.Bbox, out var chart)
                    ? Use(read with { Table = chart, Text = TableBuilder.ToMarkdown(chart) })
                    : Use(read with { Text = content });

            default:
                return Use(read with { Text = content, Table = null });
        }
    }

    private static RegionOutcome Use(Block block) => new(block, null, null);

    private static RegionOutcome Refuse(string reason, string detail) => new(null, reason, detail);
}
