using Folio.Pages.Text;

namespace Folio.Pages.Layout;

/// <summary>
/// Chooses the last mark of a paragraph's line, full stop, comma or hyphen, by the next line's first word, where the
/// recognizer gave both (<see cref="RecognizedLine.EndMarkAlternative"/>): a line is read alone, so at its end
/// nothing but the mark's own ink tells them apart, and on a degraded scan grain thins a comma's tail into a full
/// stop or thickens a full stop into a comma.
/// <list type="bullet">
/// <item>A full stop before a small letter ends no sentence: it is the comma, unless it ends an abbreviation or a
/// dotted name (<see cref="SentenceWords.MayEndInComma"/>).</item>
/// <item>A comma before a capitalised word (a capital, then a small letter: <c>The</c>, not <c>NY</c> or <c>J.</c>)
/// is the full stop.</item>
/// <item>Either after a letter, before a small letter, is the hyphen of a word broken over the lines where the
/// recognizer gave one (blur shrinks a hyphen to a dot: <c>ref.</c> over <c>erence</c>).</item>
/// </list>
/// Pure.
/// </summary>
internal static class LineEndMarks
{
    /// <summary>The text of a line with its last mark chosen by the next line of its paragraph.</summary>
    /// <param name="text">The line.</param>
    /// <param name="alternative">The other mark the recognizer gave for its last character, if any.</param>
    /// <param name="next">The next line of the paragraph.</param>
    public static string Choose(string text, char? alternative, string next)
    {
        text = text.TrimEnd();
        next = next.TrimStart();
        if (alternative is not { } other || text.Length == 0 || next.Length == 0)
        {
            return text;
        }

        var comma = text[^1] == '.' && other == ',' && char.IsLower(next[0]) && SentenceWords.MayEndInComma(LastToken(text));
        var stop = text[^1] == ',' && other == '.' && next.Length >= 2 && char.IsUpper(next[0]) && char.IsLower(next[1]);
        var hyphen = text[^1] is '.' or ',' && other == '-' && text.Length >= 2 && char.IsLetter(text[^2]) && char.IsLower(next[0]);
        return comma || stop || hyphen ? string.Concat(text.AsSpan(0, text.Length - 1), other.ToString()) : text;
    }

    /// <summary>The paragraph's rows, the last line of each but the last with its end mark chosen by the row that follows.</summary>
    internal static List<List<LayoutItem>> Apply(List<List<LayoutItem>> rows)
    {
        var output = rows.Select(r => r.ToList()).ToList();
        for (var i = 0; i + 1 < output.Count; i++)
        {
            var last = output[i][^1];
            var next = output[i + 1].Select(item => item.Line.Text.Trim()).FirstOrDefault(t => t.Length > 0) ?? string.Empty;
            var text = Choose(last.Line.Text, last.Line.EndMarkAlternative, next);
            var original = last.Line.Text.TrimEnd();
            if (text == original)
            {
                continue;
            }

            var words = last.Line.Words.ToList();
            if (words.Count > 0 && words[^1].Text.TrimEnd() is { Length: > 0 } word && word[^1] == original[^1])
            {
                words[^1] = words[^1] with { Text = string.Concat(word.AsSpan(0, word.Length - 1), text[^1].ToString()) };
            }

            var line = last.Line with { Text = text, Words = words, EndMarkAlternative = null };
            output[i][^1] = new LayoutItem(line, last.Left, last.Top, last.Right, last.Bottom);
        }

        return output;
    }

    // The text from the last space up to the line's final mark.
    private static string LastToken(string text)
    {
        var start = text.LastIndexOf(' ', text.Length - 1) + 1;
        return text[start..^1];
    }
}
