namespace Folio.Ocr.Recognition;

/// <summary>
/// Blank space between recognised characters, measured in the line crop the recognizer read: the evidence that
/// decides where a word space belongs when the model left it out.
/// </summary>
public static class InkGaps
{
    /// <summary>A column whose ink level is below this is blank paper.</summary>
    public const float BlankBelow = 0.3f;

    /// <summary>
    /// How much ink each column holds, 0 paper … 1 ink: the mean of the column's three darkest pixels, scaled between
    /// the line's paper level (light columns) and its ink level (dark columns), so that contrast and noise of the scan
    /// do not move the scale.
    /// </summary>
    /// <param name="plane">One plane of the crop, row by row, <paramref name="stride"/> values a row, ink darker.</param>
    /// <param name="height">Rows.</param>
    /// <param name="stride">Values per row.</param>
    /// <param name="width">Columns holding the line (the rest is padding).</param>
    public static float[] ColumnInk(ReadOnlySpan<float> plane, int height, int stride, int width)
    {
        var darkness = new float[width];
        Span<float> darkest = stackalloc float[3];
        for (var x = 0; x < width; x++)
        {
            darkest.Fill(float.MaxValue);
            for (var y = 0; y < height; y++)
            {
                var v = plane[(y * stride) + x];
                if (v < darkest[2])
                {
                    darkest[2] = v;
                    darkest.Sort();
                }
            }

            darkness[x] = -(darkest[0] + darkest[1] + darkest[2]) / 3;
        }

        if (width == 0)
        {
            return darkness;
        }

        var sorted = darkness.Order().ToArray();
        var paper = sorted[(int)(0.05 * (sorted.Length - 1))];
        var ink = sorted[(int)(0.95 * (sorted.Length - 1))];
        var range = Math.Max(ink - paper, 1e-3f);
        for (var x = 0; x < width; x++)
        {
            darkness[x] = Math.Clamp((darkness[x] - paper) / range, 0, 1);
        }

        return darkness;
    }

    /// <summary>
    /// The widest run of blank columns between each pair of consecutive characters (between the centres of their time
    /// steps), in crop pixels: element i is the gap between <paramref name="timeSteps"/>[i] and [i + 1].
    /// </summary>
    /// <param name="timeSteps">Time step of each character, ascending.</param>
    /// <param name="columnInk">From <see cref="ColumnInk"/>.</param>
    /// <param name="stepWidth">Crop pixels per time step.</param>
    public static float[] Between(IReadOnlyList<int> timeSteps, IReadOnlyList<float> columnInk, float stepWidth)
    {
        var gaps = new float[Math.Max(0, timeSteps.Count - 1)];
        for (var i = 0; i < gaps.Length; i++)
        {
            var from = Math.Clamp((int)((timeSteps[i] + 0.5f) * stepWidth), 0, columnInk.Count);
            var to = Math.Clamp((int)((timeSteps[i + 1] + 0.5f) * stepWidth), from, columnInk.Count);
            int run = 0, widest = 0;
            for (var x = from; x < to; x++)
            {
                run = columnInk[x] < BlankBelow ? run + 1 : 0;
                widest = Math.Max(widest, run);
            }

            gaps[i] = widest;
        }

        return gaps;
    }
}
