namespace Folio.Vlm;

/// <summary>LaTeX answers: the delimiters the model may add are taken off; Markdown gets them back in one form.</summary>
public static class FormulaText
{
    private static readonly (string Open, string Close)[] Delimiters = [("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")];

    /// <summary>The LaTeX without surrounding <c>$$…$$</c>, <c>\[…\]</c>, <c>\(…\)</c> or <c>$…$</c>, trimmed.</summary>
    public static string StripDelimiters(string answer)
    {
        var text = answer.Trim();
        foreach (var (open, close) in Delimiters)
        {
            if (text.Length >= open.Length + close.Length && text.StartsWith(open, StringComparison.Ordinal) && text.EndsWith(close, StringComparison.Ordinal))
            {
                return text[open.Length..^close.Length].Trim();
            }
        }

        return text;
    }

    /// <summary>Markdown of a formula: <c>$…$</c> inline, <c>$$…$$</c> on its own lines for display.</summary>
    public static string ToMarkdown(string latex, bool inline) => inline ? $"${latex}$" : $"$$\n{latex}\n$$";
}
