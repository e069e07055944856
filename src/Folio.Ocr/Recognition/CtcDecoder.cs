namespace Folio.Ocr.Recognition;

/// <summary>One decoded character with the time step it came from.</summary>
/// <param name="Character">The character (a string: dictionary entries may be longer than one UTF-16 unit).</param>
/// <param name="TimeStep">Index of the time step whose argmax produced it.</param>
/// <param name="Probability">The argmax probability.</param>
public readonly record struct DecodedChar(string Character, int TimeStep, float Probability);

/// <summary>Greedy CTC decoding: argmax per time step, collapse repeats, drop the blank (index 0).</summary>
public static class CtcDecoder
{
    /// <summary>
    /// Decodes one sequence of <paramref name="timeSteps"/> × <paramref name="classes"/> probabilities.
    /// <paramref name="alphabet"/>[i] is the character of class i; class 0 is the blank.
    /// </summary>
    public static List<DecodedChar> Decode(ReadOnlySpan<float> probabilities, int timeSteps, int classes, IReadOnlyList<string> alphabet)
    {
        var result = new List<DecodedChar>();
        var previous = -1;
        for (var t = 0; t < timeSteps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            var bestValue = row[0];
            for (var c = 1; c < row.Length; c++)
            {
                if (row[c] > bestValue)
                {
                    bestValue = row[c];
                    best = c;
                }
            }

            if (best != 0 && best != previous && best < alphabet.Count)
            {
                result.Add(new DecodedChar(alphabet[best], t, bestValue));
            }

            previous = best;
        }

        return result;
    }

    /// <summary>
    /// Decodes from precomputed best indices and their probabilities (e.g. reduced on the GPU), the best of each time
    /// step every <paramref name="stride"/> values (the first of a step's top-k candidates).
    /// </summary>
    public static List<DecodedChar> DecodeIndices(ReadOnlySpan<long> indices, ReadOnlySpan<float> probabilities, IReadOnlyList<string> alphabet, int stride = 1)
    {
        var result = new List<DecodedChar>();
        long previous = -1;
        for (var t = 0; t < indices.Length / stride; t++)
        {
            var best = indices[t * stride];
            if (best != 0 && best != previous && best < alphabet.Count)
            {
                result.Add(new DecodedChar(alphabet[(int)best], t, probabilities[t * stride]));
            }

            previous = best;
        }

        return result;
    }

    /// <summary>Mean probability of the kept characters; 0 for an empty result.</summary>
    public static float Confidence(IReadOnlyList<DecodedChar> chars)
    {
        if (chars.Count == 0)
        {
            return 0;
        }

        var sum = 0f;
        foreach (var c in chars)
        {
            sum += c.Probability;
        }

        return sum / chars.Count;
    }

    /// <summary>
    /// Builds the class list from the dictionary lines: blank first, then each line, then a space
    /// (PaddleOCR's <c>use_space_char</c>).
    /// </summary>
    public static string[] BuildAlphabet(IEnumerable<string> dictionaryLines) =>
        ["", .. dictionaryLines, " "];
}
