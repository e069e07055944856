namespace Folio.Ocr.Recognition;

/// <summary>
/// Plans recognition batches: crops sorted by aspect ratio so each batch pads little, then results put back in
/// their original order.
/// </summary>
public static class BatchPlanner
{
    /// <summary>
    /// Indices of <paramref name="aspectRatios"/> sorted by ratio (ties keep input order), cut into batches of at most
    /// <paramref name="batchSize"/>.
    /// </summary>
    public static List<int[]> Plan(IReadOnlyList<float> aspectRatios, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var order = Enumerable.Range(0, aspectRatios.Count).OrderBy(i => aspectRatios[i]).ThenBy(i => i).ToArray();
        var batches = new List<int[]>();
        for (var start = 0; start < order.Length; start += batchSize)
        {
            batches.Add(order[start..Math.Min(start + batchSize, order.Length)]);
        }

        return batches;
    }

    /// <summary>Puts per-batch results back in input order.</summary>
    public static T[] Restore<T>(IReadOnlyList<int[]> batches, IReadOnlyList<IReadOnlyList<T>> results, int count)
    {
        var restored = new T[count];
        for (var b = 0; b < batches.Count; b++)
        {
            for (var i = 0; i < batches[b].Length; i++)
            {
                restored[batches[b][i]] = results[b][i];
            }
        }

        return restored;
    }

    /// <summary>
    /// Tensor width for a batch whose widest crop has <paramref name="maxRatio"/>: at least the model's
    /// <paramref name="minWidth"/>, rounded up to a multiple of <paramref name="bucket"/> so that few distinct shapes
    /// reach the runtime (each new shape costs an algorithm search on CUDA).
    /// </summary>
    public static int TensorWidth(float maxRatio, int height, int minWidth, int bucket, int maxWidth)
    {
        var width = Math.Max(minWidth, (int)MathF.Ceiling(height * maxRatio));
        width = (width + bucket - 1) / bucket * bucket;
        return Math.Min(width, maxWidth);
    }
}
