namespace Folio.Ocr.Recognition;

/// <summary>
/// Puts back the small marks grain took: on a degraded scan the blank outscores a full stop, a typographic quote or a
/// bullet more often than any letter, while the model still gives the mark as a candidate (<see cref="Runtime.TopKHead"/>).
/// <list type="bullet">
/// <item>A full stop between a word and a capital when the model gave it at least <see cref="MinBetweenWords"/> on a
/// time step between them (<c>the end The</c> → <c>the end. The</c>), and after a line's last word when it gave it at
/// least <see cref="MinAtLineEnd"/> just after it (most lost full stops end a paragraph's last line) — or a hyphen,
/// when the model gave that more: a word broken at the line's end loses its hyphen the same way.</item>
/// <item>An opening <c>“</c> before a word and a closing <c>”</c> after one, when the model gave it at least
/// <see cref="MinQuote"/> on a time step between the word and its neighbour.</item>
/// <item>A bullet before a line's first word, when the model gave it at least <see cref="MinQuote"/> there; a middle
/// dot that starts a line is a bullet.</item>
/// </list>
/// Pure apart from the alphabet.
/// </summary>
public sealed class LostMarks
{
    /// <summary>A full stop candidate under this probability is not put back before a capital.</summary>
    public const float MinBetweenWords = 0.1f;

    /// <summary>A full stop candidate under this probability is not put back at the end of a line.</summary>
    public const float MinAtLineEnd = 0.1f;

    /// <summary>A quote or bullet candidate under this probability is not put back.</summary>
    public const float MinQuote = 0.1f;

    // Time steps after a line's last character where its full stop may lie.
    private const int LineEndSteps = 4;

    private readonly IReadOnlyList<string> _alphabet;

    /// <summary>Creates the stage.</summary>
    /// <param name="alphabet">The recognizer's classes (class 0 the blank).</param>
    public LostMarks(IReadOnlyList<string> alphabet)
    {
        _alphabet = alphabet;
    }

    /// <summary>The characters with the marks the model gave as candidates put back.</summary>
    /// <param name="chars">Decoded characters, spaces included.</param>
    /// <param name="topClasses">The line's top classes, <paramref name="k"/> a time step, best first.</param>
    /// <param name="topProbabilities">Their probabilities.</param>
    /// <param name="k">Candidates per time step.</param>
    public List<DecodedChar> Apply(IReadOnlyList<DecodedChar> chars, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k)
    {
        var output = chars.ToList();
        var steps = topClasses.Length / k;
        RestoreFullStops(output, topClasses, topProbabilities, k, steps);
        RestoreQuotes(output, topClasses, topProbabilities, k, steps);
        RestoreBullet(output, topClasses, topProbabilities, k, steps);
        return output;
    }

    private void RestoreFullStops(List<DecodedChar> output, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k, int steps)
    {
        if (output.Count > 0 && EndsSentence(output[^1]))
        {
            // A word broken at the line's end lost its hyphen the same way; the likelier of the two marks comes back.
            var (from, to) = (output[^1].TimeStep + 1, Math.Min(steps, output[^1].TimeStep + 1 + LineEndSteps));
            var (stop, stopAt) = TopCandidates.MostLikely(_alphabet, ".", from, to, topClasses, topProbabilities, k, steps);
            var (hyphen, hyphenAt) = TopCandidates.MostLikely(_alphabet, "-", from, to, topClasses, topProbabilities, k, steps);
            if (Math.Max(stop, hyphen) >= MinAtLineEnd)
            {
                output.Add(hyphen >= stop ? new DecodedChar("-", hyphenAt, hyphen) : new DecodedChar(".", stopAt, stop));
            }
        }

        for (var i = output.Count - 2; i > 0; i--)
        {
            if (!DecodedText.IsSpace(output[i]) || !EndsSentence(output[i - 1]) || output[i + 1].Character is not { Length: 1 } next || !char.IsUpper(next[0]))
            {
                continue;
            }

            var (best, at) = TopCandidates.MostLikely(_alphabet, ".", output[i - 1].TimeStep + 1, output[i + 1].TimeStep, topClasses, topProbabilities, k, steps);
            if (best >= MinBetweenWords)
            {
                output.Insert(i, new DecodedChar(".", at, best));
            }
        }
    }

    // “ before a word that starts the line or follows a space; ” after a word that ends the line or precedes a space.
    private void RestoreQuotes(List<DecodedChar> output, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k, int steps)
    {
        for (var i = output.Count - 1; i >= 0; i--)
        {
            if (DecodedText.IsSpace(output[i]))
            {
                continue;
            }

            var t = output[i].TimeStep;
            var wordEnd = (i == output.Count - 1 || DecodedText.IsSpace(output[i + 1])) && IsWordEnd(output[i]);
            if (wordEnd)
            {
                var to = i + 2 < output.Count ? output[i + 2].TimeStep : Math.Min(steps, t + 1 + LineEndSteps);
                var (best, at) = TopCandidates.MostLikely(_alphabet, "”", t + 1, to, topClasses, topProbabilities, k, steps);
                if (best >= MinQuote)
                {
                    output.Insert(i + 1, new DecodedChar("”", at, best));
                }
            }

            var wordStart = (i == 0 || DecodedText.IsSpace(output[i - 1])) && DecodedText.IsLetterOrDigit(output[i]);
            if (wordStart)
            {
                var from = i >= 2 ? output[i - 2].TimeStep + 1 : Math.Max(0, t - LineEndSteps);
                var (best, at) = TopCandidates.MostLikely(_alphabet, "“", from, t, topClasses, topProbabilities, k, steps);
                if (best >= MinQuote)
                {
                    output.Insert(i, new DecodedChar("“", at, best));
                }
            }
        }
    }

    // "· item" → "• item"; a bullet the model gave before the first word put back.
    private void RestoreBullet(List<DecodedChar> output, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k, int steps)
    {
        if (output.Count < 2)
        {
            return;
        }

        if (output[0].Character == "·" && DecodedText.IsSpace(output[1]))
        {
            output[0] = output[0] with { Character = "•" };
            return;
        }

        var (best, at) = TopCandidates.MostLikely(_alphabet, "•", Math.Max(0, output[0].TimeStep - LineEndSteps), output[0].TimeStep, topClasses, topProbabilities, k, steps);
        if (best >= MinQuote && DecodedText.IsLetterOrDigit(output[0]))
        {
            output.InsertRange(0, [new DecodedChar("•", at, best), new DecodedChar(" ", at, best)]);
        }
    }

    // The last character of a word a closing quote may follow.
    private static bool IsWordEnd(DecodedChar c) => c.Character is { Length: 1 } s && (char.IsLetterOrDigit(s[0]) || s[0] is '.' or ',' or '!' or '?' or ')');

    // The last character of a word a sentence can end with.
    private static bool EndsSentence(DecodedChar c) => c.Character is { Length: 1 } s && (char.IsLetterOrDigit(s[0]) || s[0] is ')' or ']' or '}');
}
