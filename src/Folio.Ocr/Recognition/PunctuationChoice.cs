using Folio.Pages.Text;

namespace Folio.Ocr.Recognition;

/// <summary>
/// Chooses between punctuation marks the model found both likely, by what the text around them says. Blur and grain
/// thin a brace into a parenthesis and a comma's tail into a full stop; the model then still gives the right mark as
/// a candidate (<see cref="Runtime.TopKHead"/>), and the context tells which one is meant:
/// <list type="bullet">
/// <item><b>TeX groups.</b> A <c>V</c> that starts a control word (<c>Vsection(</c>) is a backslash when the model gave
/// one at least <see cref="MinBackslash"/>, whatever follows the word (<c>Vmaketitle,</c>). An
/// opening parenthesis right after a TeX control word (<c>\cite(</c>) or after a closing brace or bracket (<c>}(</c>,
/// <c>](</c>) or one that opens a group by its marks (<see cref="TexGroups.OpensGroup"/>: <c>S_(b)</c>, <c>(\bf</c>) is a brace when the model gave <c>{</c> as a candidate, and so is the parenthesis that closes it
/// (<c>\cite(key)</c> → <c>\cite{key}</c>); so is a parenthesis that closes a brace, or opens what a brace closes,
/// when the model gave the brace (<c>{et al.)</c> → <c>{et al.}</c>, <c>cite(key}</c> → <c>cite{key}</c>). Backslashes and openers read as other
/// letters come back first (<see cref="TexGroups"/>).</item>
/// <item><b>Commas.</b> A full stop followed by a space and a small letter ends no sentence: it is a comma when the
/// model gave <c>,</c> at least <see cref="MinComma"/> and the token before it is a word, a number or a bracket but no
/// abbreviation (<c>e.g.</c>, <c>et al.</c>, <c>Fig.</c>; <see cref="SentenceWords.MayEndInComma"/>); so is a full stop joining two words of small letters, which gets the comma's space
/// back (<c>lengthy.you</c> → <c>lengthy, you</c>), unless the second is a file or host ending (<c>.tex</c>, <c>.org</c>).
/// A comma between two letters gets its space back too (<c>author,this</c>), unless it is in a bracketed list of its
/// token (<c>[sigconf,review]</c>).</item>
/// <item><b>Semicolons.</b> A colon between a word and a small letter is a semicolon when the model gave <c>;</c> at
/// least <see cref="MinSemicolon"/> (<c>to the work: if you</c> → <c>to the work; if you</c>); before a capital or at
/// the line's end a colon introduces a list or a display and stays.</item>
/// <item><b>Typographic quotes.</b> A straight apostrophe between two letters is a typographic one when the model gave
/// <c>’</c> (<c>table's</c> → <c>table’s</c>), and a straight double quote that closes an opening <c>“</c> of the line
/// is a closing <c>”</c> when the model gave it: typeset text sets curly quotes, which the model reads nearly as
/// often as straight. An asterisk that opens a word is an opening <c>“</c>, and one that closes a quoted word a
/// closing <c>”</c>, when the model gave that quote; a straight quote opening a word stays (code quotes straight:
/// <c>attr(z, "dim")</c>).</item>
/// </list>
/// Pure apart from the alphabet; characters keep their time steps, so word boxes stay where they were.
/// </summary>
public sealed class PunctuationChoice
{
    /// <summary>A comma candidate under this probability does not turn a full stop into a comma.</summary>
    public const float MinComma = 0.1f;

    /// <summary>A semicolon candidate under this probability does not turn a colon into a semicolon.</summary>
    public const float MinSemicolon = 0.15f;

    /// <summary>A backslash candidate under this probability does not turn a <c>V</c> into the start of a control word.</summary>
    public const float MinBackslash = 0.05f;

    // What follows a dot in names of files and hosts.
    private static readonly HashSet<string> FileEndings = new(StringComparer.OrdinalIgnoreCase)
    {
        "tex", "sty", "cls", "bib", "bst", "pdf", "txt", "org", "com", "net", "edu", "gov", "html", "htm", "png", "jpg", "eps", "dtx", "ins", "log", "aux", "cfg", "zip", "gz",
    };

    private readonly IReadOnlyList<string> _alphabet;
    private readonly TexGroups _texGroups;

    /// <summary>Creates the stage.</summary>
    /// <param name="alphabet">The recognizer's classes (class 0 the blank).</param>
    public PunctuationChoice(IReadOnlyList<string> alphabet)
    {
        _alphabet = alphabet;
        _texGroups = new TexGroups(alphabet);
    }

    /// <summary>The characters with the marks the context chooses.</summary>
    /// <param name="chars">Decoded characters, spaces included.</param>
    /// <param name="topClasses">The line's top classes, <paramref name="k"/> a time step, best first.</param>
    /// <param name="topProbabilities">Their probabilities.</param>
    /// <param name="k">Candidates per time step.</param>
    public List<DecodedChar> Apply(IReadOnlyList<DecodedChar> chars, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k)
    {
        var output = chars.ToList();
        var steps = topClasses.Length / k;
        RestoreBackslashes(output, topClasses, topProbabilities, k, steps);
        _texGroups.Apply(output, topClasses, topProbabilities, k);
        // Open brackets: where, and whether a brace (read as one, or a parenthesis taken for one).
        var open = new Stack<(int At, bool Brace)>();
        var quoteOpen = false;
        for (var i = 0; i < output.Count; i++)
        {
            var c = output[i].Character;
            // Whether an opening “ before this character is still unclosed.
            var inQuote = quoteOpen;
            quoteOpen = c == "“" || (quoteOpen && c is not ("”" or "\""));
            if (c is "(" or "（")
            {
                var brace = (TexGroups.IsAfterControlWord(output, i) || (i > 0 && output[i - 1].Character is "}" or "]") || TexGroups.OpensGroup(output, i))
                    && Probability("{", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0;
                if (brace)
                {
                    output[i] = output[i] with { Character = "{" };
                }

                open.Push((i, brace));
            }
            else if (c == "{")
            {
                open.Push((i, true));
            }
            else if (c is ")" or "）" && open.Count > 0)
            {
                if (open.Pop().Brace && Probability("}", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0)
                {
                    output[i] = output[i] with { Character = "}" };
                }
            }
            else if (c == "}" && open.Count > 0)
            {
                // "(key}": a brace closes what a parenthesis opened; the parenthesis is the brace the model gave.
                var (at, brace) = open.Pop();
                if (!brace && Probability("{", output[at].TimeStep, topClasses, topProbabilities, k, steps) > 0)
                {
                    output[at] = output[at] with { Character = "{" };
                }
            }
            else if (c == "'" && i > 0 && i + 1 < output.Count && DecodedText.IsLetter(output[i - 1]) && DecodedText.IsLetter(output[i + 1])
                && Probability("’", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0)
            {
                output[i] = output[i] with { Character = "’" };
            }
            else if (c == "\"" && inQuote && Probability("”", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0)
            {
                output[i] = output[i] with { Character = "”" };
            }
            else if (c == "*" && StartsWord(output, i) && Probability("“", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0)
            {
                output[i] = output[i] with { Character = "“" };
                quoteOpen = true;
            }
            else if (c == "*" && inQuote && EndsWord(output, i) && Probability("”", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0)
            {
                output[i] = output[i] with { Character = "”" };
                quoteOpen = false;
            }
            else if (c == "." && IsSentenceInside(output, i) && Probability(",", output[i].TimeStep, topClasses, topProbabilities, k, steps) >= MinComma)
            {
                output[i] = output[i] with { Character = "," };
            }
            else if (c == ":" && IsBeforeSmallWord(output, i) && Probability(";", output[i].TimeStep, topClasses, topProbabilities, k, steps) >= MinSemicolon)
            {
                output[i] = output[i] with { Character = ";" };
            }
            else if (c == "," && i > 0 && i + 1 < output.Count && DecodedText.IsLetter(output[i - 1]) && DecodedText.IsLetter(output[i + 1]) && !IsInOptionList(output, i))
            {
                // "author,this" → "author, this": grain fills the narrow gap after a comma.
                output.Insert(i + 1, new DecodedChar(" ", output[i].TimeStep, output[i].Probability));
            }
            else if (c == "." && IsBetweenWords(output, i) && Probability(",", output[i].TimeStep, topClasses, topProbabilities, k, steps) >= MinComma)
            {
                // "lengthy.you" → "lengthy, you": the comma's space went with its tail.
                output[i] = output[i] with { Character = "," };
                output.Insert(i + 1, new DecodedChar(" ", output[i].TimeStep, output[i].Probability));
            }
        }

        return output;
    }

    // "Vsection(" → "\section(": a backslash read as the letter it resembles, at the start of a control word (a
    // run of small letters, then a bracket, a mark or the token's end) where the model gave the backslash as a candidate.
    private void RestoreBackslashes(List<DecodedChar> output, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k, int steps)
    {
        for (var i = 0; i + 2 < output.Count; i++)
        {
            if (output[i].Character != "V" || !TexGroups.StartsControlWord(output, i))
            {
                continue;
            }

            var end = i + 1;
            while (end < output.Count && DecodedText.IsSmallLetter(output[end]))
            {
                end++;
            }

            // A control word's shape: small letters, then no letter or digit ("Vsection{", "Vmaketitle,"). A V read
            // plainly gives the backslash next to nothing (Very, Volume), so the candidate decides.
            var wordEnds = end == output.Count || !DecodedText.IsLetterOrDigit(output[end]);
            var backslash = Probability("\\", output[i].TimeStep, topClasses, topProbabilities, k, steps);
            if (end - i - 1 >= 2 && wordEnds && backslash >= MinBackslash)
            {
                output[i] = output[i] with { Character = "\\" };
            }
        }
    }

    // The mark at i opens a word: the line or a space before it, a letter or digit after it.
    private static bool StartsWord(List<DecodedChar> chars, int i) =>
        (i == 0 || DecodedText.IsSpace(chars[i - 1])) && i + 1 < chars.Count && DecodedText.IsLetterOrDigit(chars[i + 1]);

    // The mark at i closes a word: a letter, digit or full stop before it, a space or the line's end after it.
    private static bool EndsWord(List<DecodedChar> chars, int i) =>
        i > 0 && chars[i - 1].Character is { Length: 1 } before && (char.IsLetterOrDigit(before[0]) || before[0] is '.' or ',')
        && (i + 1 == chars.Count || DecodedText.IsSpace(chars[i + 1]));

    // The mark at i ends a word (a letter, digit or closing bracket before it) and a space and a small letter follow.
    private static bool IsBeforeSmallWord(List<DecodedChar> chars, int i) =>
        i > 0 && (DecodedText.IsLetterOrDigit(chars[i - 1]) || chars[i - 1].Character is ")" or "]") && IsFollowedBySmallWord(chars, i);

    // A space and a small letter follow position i.
    private static bool IsFollowedBySmallWord(List<DecodedChar> chars, int i) =>
        i + 2 < chars.Count && DecodedText.IsSpace(chars[i + 1]) && DecodedText.IsSmallLetter(chars[i + 2]);

    // A full stop at i after a token that may end in a comma (a word, a number, a bracket; no abbreviation) and before a space and a small letter.
    private static bool IsSentenceInside(List<DecodedChar> chars, int i)
    {
        if (!IsFollowedBySmallWord(chars, i))
        {
            return false;
        }

        var start = DecodedText.TokenStart(chars, i);
        return SentenceWords.MayEndInComma(string.Concat(chars.Skip(start).Take(i - start).Select(c => c.Character)));
    }

    // A full stop at i joining two words of small letters ("lengthy.you"), the first no abbreviation: no file name,
    // address or number, which keep their dots.
    private static bool IsBetweenWords(List<DecodedChar> chars, int i)
    {
        if (i + 2 >= chars.Count || !DecodedText.IsSmallLetter(chars[i + 1]) || !DecodedText.IsSmallLetter(chars[i + 2]))
        {
            return false;
        }

        var start = DecodedText.TokenStart(chars, i);

        var end = i + 1;
        while (end < chars.Count && !DecodedText.IsSpace(chars[end]))
        {
            end++;
        }

        var before = string.Concat(chars.Skip(start).Take(i - start).Select(c => c.Character)).TrimStart('(', '[', '“', '"');
        var after = string.Concat(chars.Skip(i + 1).Take(end - i - 1).Select(c => c.Character)).TrimEnd(',', '.', ';', ':', ')', ']', '”', '"');
        var token = string.Concat(chars.Skip(start).Take(end - start).Select(c => c.Character));
        return before.Length >= 2 && before.All(char.IsLetter) && !SentenceWords.IsAbbreviation(before) && after.All(char.IsLetter)
            && !FileEndings.Contains(after) && !before.Equals("www", StringComparison.OrdinalIgnoreCase) && token.IndexOfAny(['/', '@', ':']) < 0;
    }

    // Whether the comma at i is inside brackets opened in its own token, as in "[sigconf,review]".
    private static bool IsInOptionList(List<DecodedChar> chars, int i)
    {
        for (var j = DecodedText.TokenStart(chars, i); j < i; j++)
        {
            if (chars[j].Character is "[" or "{" or "(")
            {
                return true;
            }
        }

        return false;
    }

    private float Probability(string mark, int timeStep, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k, int steps) =>
        TopCandidates.Probability(_alphabet, mark, timeStep, classes, probabilities, k, steps);
}
