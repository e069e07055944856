namespace Folio.Ocr.Recognition;

/// <summary>
/// Puts back the full stops grain took: a full stop is the smallest mark of a line, and on a degraded scan the blank
/// outscores it more often than any other, while the model still gives it as a candidate (<see cref="Runtime.TopKHead"/>).
/// A full stop is put back between a word and a capital when the model gave it at least <see cref="MinBetweenWords"/>
/// on a time step between them (<c>the end The</c> → <c>the end. The</c>), and after a line's last word when it gave it
/// at least <see cref="MinAtLineEnd"/> just after it (most lost full stops end a paragraph's last line). Pure apart
/// from the alphabet.
/// </summary>
public sealed class FullStops
{
    /// <summary>A full stop candidate under this probability is not put back before a capital.</summary>
    public const float MinBetweenWords = 0.1f;

    /// <summary>A full stop candidate under this probability is not put back at the end of a line.</summary>
    public const float MinAtLineEnd = 0.1f;

    // Time steps after a line's last character where its full stop may lie.
    private const int LineEndSteps = 4;

    private readonly IReadOnlyList<string> _alphabet;

    /// <summary>Creates the stage.</summary>
    /// <param name="alphabet">The recognizer's classes (class 0 the blank).</param>
    public FullStops(IReadOnlyList<string> alphabet)
    {
        _alphabet = alphabet;
    }

    /// <summary>The characters with the full stops the model gave as candidates put back.</summary>
    /// <param name="chars">Decoded characters, spaces included.</param>
    /// <param name="topClasses">The line's top classes, <paramref name="k"/> a time step, best first.</param>
    /// <param name="topProbabilities">Their probabilities.</param>
    /// <param name="k">Candidates per time step.</param>
    public List<DecodedChar> Apply(IReadOnlyList<DecodedChar> chars, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k)
    {
        var output = chars.ToList();
        var steps = topClasses.Length / k;
        if (output.Count > 0 && EndsSentence(output[^1]))
        {
            var last = output[^1].TimeStep;
            var (best, at) = TopCandidates.MostLikely(_alphabet, ".", last + 1, Math.Min(steps, last + 1 + LineEndSteps), topClasses, topProbabilities, k, steps);
            if (best >= MinAtLineEnd)
            {
                output.Add(new DecodedChar(".", at, best));
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

        return output;
    }

    // The last character of a word a sentence can end with.
    private static bool EndsSentence(DecodedChar c) => c.Character is { Length: 1 } s && (char.IsLetterOrDigit(s[0]) || s[0] is ')' or ']' or '}');
}
