namespace Folio.Ocr.Recognition;

/// <summary>What the model's top classes of a line (<see cref="Runtime.TopKHead"/>) say of one mark.</summary>
internal static class TopCandidates
{
    /// <summary>The probability the model gave <paramref name="mark"/> at a time step (0 when not among its top <paramref name="k"/>).</summary>
    public static float Probability(IReadOnlyList<string> alphabet, string mark, int timeStep, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k, int steps)
    {
        if (timeStep < 0 || timeStep >= steps)
        {
            return 0;
        }

        var total = 0f;
        for (var m = 0; m < k; m++)
        {
            var cls = classes[(timeStep * k) + m];
            if (cls > 0 && cls < alphabet.Count && alphabet[(int)cls] == mark)
            {
                total += probabilities[(timeStep * k) + m];
            }
        }

        return total;
    }

    /// <summary>The time step in [<paramref name="from"/>, <paramref name="to"/>) where the model gave the mark most, and that probability (0 and −1 when nowhere).</summary>
    public static (float Probability, int TimeStep) MostLikely(IReadOnlyList<string> alphabet, string mark, int from, int to, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k, int steps)
    {
        var (best, at) = (0f, -1);
        for (var t = from; t < to; t++)
        {
            var p = Probability(alphabet, mark, t, classes, probabilities, k, steps);
            if (p > best)
            {
                (best, at) = (p, t);
            }
        }

        return (best, at);
    }
}
