using Folio.Ocr.Runtime;

namespace Folio.Testing;

/// <summary>How far two runs of a model differ (also linked into folio-bench).</summary>
/// <param name="Max">Largest absolute difference.</param>
/// <param name="Mean">Mean absolute difference.</param>
/// <param name="Agreement">For a recognizer's top-k outputs: the share of decided time steps whose best class is the same; null for maps.</param>
internal sealed record OutputDifference(double Max, double Mean, double? Agreement)
{
    /// <summary>Element by element, e.g. the detector's probability maps.</summary>
    public static OutputDifference OfMaps(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length || expected.Length == 0)
        {
            throw new ArgumentException($"Outputs of {expected.Length} and {actual.Length} values.", nameof(actual));
        }

        double max = 0, sum = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs((double)expected[i] - actual[i]);
            max = Math.Max(max, difference);
            sum += difference;
        }

        return new OutputDifference(max, sum / expected.Length, null);
    }

    /// <summary>
    /// The recognizer's <see cref="TopKHead"/> outputs: the difference of each time step's best probability, and the
    /// share of decided time steps (the expected best class ahead of the second by at least <paramref name="margin"/>)
    /// whose best class is the same; a near tie may go either way.
    /// </summary>
    public static OutputDifference OfTopK(ReadOnlySpan<long> expectedClasses, ReadOnlySpan<float> expectedProbabilities, ReadOnlySpan<long> actualClasses, ReadOnlySpan<float> actualProbabilities, float margin = 0.1f)
    {
        const int K = TopKHead.K;
        var steps = expectedClasses.Length / K;
        int decided = 0, same = 0;
        var best = new float[steps];
        var actualBest = new float[steps];
        for (var step = 0; step < steps; step++)
        {
            best[step] = expectedProbabilities[step * K];
            actualBest[step] = actualProbabilities[step * K];
            if (best[step] - expectedProbabilities[(step * K) + 1] >= margin)
            {
                decided++;
                same += expectedClasses[step * K] == actualClasses[step * K] ? 1 : 0;
            }
        }

        return OfMaps(best, actualBest) with { Agreement = decided == 0 ? 1 : (double)same / decided };
    }

    /// <inheritdoc />
    public override string ToString() =>
        Agreement is not null
            ? $"best class agrees on {100 * Agreement:F2} % of decided time steps; its probability differs by {Max:E2} at most, {Mean:E2} on average"
            : $"outputs differ by {Max:E2} at most, {Mean:E2} on average";
}
