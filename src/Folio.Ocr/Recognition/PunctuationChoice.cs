namespace Folio.Ocr.Recognition;

/// <summary>
/// Chooses between punctuation marks the model found both likely, by what the text around them says. Blur and grain
/// thin a brace into a parenthesis and a comma's tail into a full stop; the model then still gives the right mark as
/// a candidate (<see cref="Runtime.TopKHead"/>), and the context tells which one is meant:
/// <list type="bullet">
/// <item><b>TeX groups.</b> An opening parenthesis right after a TeX control word (<c>\cite(</c>) or after a closing
/// brace (<c>}(</c>) is a brace when the model gave <c>{</c> as a candidate, and so is the parenthesis that closes it
/// (<c>\cite(key)</c> → <c>\cite{key}</c>).</item>
/// <item><b>Commas.</b> A full stop followed by a space and a small letter ends no sentence: it is a comma when the
/// model gave <c>,</c> at least <see cref="MinComma"/> and the word before it is not an abbreviation (<c>e.g.</c>,
/// <c>et al.</c>, <c>Fig.</c>).</item>
/// <item><b>Typographic quotes.</b> A straight apostrophe between two letters is a typographic one when the model gave
/// <c>’</c> (<c>table's</c> → <c>table’s</c>), and a straight double quote that closes an opening <c>“</c> of the line
/// is a closing <c>”</c> when the model gave it: typeset text sets curly quotes, which the model reads nearly as
/// often as straight.</item>
/// </list>
/// Pure apart from the alphabet; characters keep their time steps, so word boxes stay where they were.
/// </summary>
public sealed class PunctuationChoice
{
    /// <summary>A comma candidate under this probability does not turn a full stop into a comma.</summary>
    public const float MinComma = 0.1f;

    // Words that end in a full stop inside a sentence.
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "al", "cf", "ch", "e.g", "eg", "eq", "eqs", "etc", "fig", "figs", "i.e", "ie", "no", "nos", "p", "pp", "ref", "refs", "resp",
        "sec", "sect", "viz", "vol", "vs", "ed", "eds", "approx", "dr", "mr", "mrs", "ms", "st", "tab", "app",
    };

    private readonly IReadOnlyList<string> _alphabet;

    /// <summary>Creates the stage.</summary>
    /// <param name="alphabet">The recognizer's classes (class 0 the blank).</param>
    public PunctuationChoice(IReadOnlyList<string> alphabet)
    {
        _alphabet = alphabet;
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
        var open = new Stack<int>();
        var quoteOpen = false;
        for (var i = 0; i < output.Count; i++)
        {
            var c = output[i].Character;
            // Whether an opening “ before this character is still unclosed.
            var inQuote = quoteOpen;
            quoteOpen = c == "“" || (quoteOpen && c is not ("”" or "\""));
            if (c is "(" or "（")
            {
                var brace = (IsAfterControlWord(output, i) || (i > 0 && output[i - 1].Character == "}"))
                    && Probability("{", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0;
                if (brace)
                {
                    output[i] = output[i] with { Character = "{" };
                }

                open.Push(brace ? i : -1);
            }
            else if (c is ")" or "）" && open.Count > 0)
            {
                if (open.Pop() >= 0 && Probability("}", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0)
                {
                    output[i] = output[i] with { Character = "}" };
                }
            }
            else if (c == "'" && i > 0 && i + 1 < output.Count && IsLetter(output[i - 1]) && IsLetter(output[i + 1])
                && Probability("’", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0)
            {
                output[i] = output[i] with { Character = "’" };
            }
            else if (c == "\"" && inQuote && Probability("”", output[i].TimeStep, topClasses, topProbabilities, k, steps) > 0)
            {
                output[i] = output[i] with { Character = "”" };
            }
            else if (c == "." && IsSentenceInside(output, i) && Probability(",", output[i].TimeStep, topClasses, topProbabilities, k, steps) >= MinComma)
            {
                output[i] = output[i] with { Character = "," };
            }
        }

        return output;
    }

    private static bool IsLetter(DecodedChar c) => c.Character.Length == 1 && char.IsLetter(c.Character[0]);

    // "\word" just before position i.
    private static bool IsAfterControlWord(List<DecodedChar> chars, int i)
    {
        var j = i - 1;
        while (j >= 0 && DecodedText.IsLatinLetter(chars[j].Character))
        {
            j--;
        }

        return j < i - 1 && j >= 0 && chars[j].Character == "\\";
    }

    // A full stop at i between a word that is no abbreviation and ", small letter".
    private static bool IsSentenceInside(List<DecodedChar> chars, int i)
    {
        if (i + 2 >= chars.Count || !DecodedText.IsSpace(chars[i + 1]) || chars[i + 2].Character is not { Length: 1 } next || !char.IsLower(next[0]))
        {
            return false;
        }

        var start = i;
        while (start > 0 && !DecodedText.IsSpace(chars[start - 1]))
        {
            start--;
        }

        var word = string.Concat(chars.Skip(start).Take(i - start).Select(c => c.Character)).TrimStart('(', '[', '“', '"');
        return word.Length > 0 && char.IsLetter(word[^1]) && !Abbreviations.Contains(word) && !word.Contains('.', StringComparison.Ordinal);
    }

    private float Probability(string mark, int timeStep, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k, int steps)
    {
        if (timeStep >= steps)
        {
            return 0;
        }

        var total = 0f;
        for (var m = 0; m < k; m++)
        {
            var cls = classes[(timeStep * k) + m];
            if (cls > 0 && cls < _alphabet.Count && _alphabet[(int)cls] == mark)
            {
                total += probabilities[(timeStep * k) + m];
            }
        }

        return total;
    }
}
