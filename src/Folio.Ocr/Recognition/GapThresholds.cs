namespace Folio.Ocr.Recognition;

/// <summary>
/// How wide a blank gap between two characters must be to be a word space (<see cref="WordSpacer"/>): thresholds from
/// the spaces the model gave on the line, raised where the letters themselves stand apart (typewriter type).
/// Widths are crop pixels at the recognizer's height of 48.
/// </summary>
public static class GapThresholds
{
    /// <summary>Without spaces from the model in the line, a gap this wide (crop pixels at height 48) is a word space.</summary>
    public const float DefaultSpaceGap = 10f;

    /// <summary>Without spaces from the model in the line, a gap this wide is a doubtful one.</summary>
    public const float DefaultDoubtfulGap = 6f;

    /// <summary>What a gap between two characters says.</summary>
    public enum Gap
    {
        /// <summary>Letter spacing: never a space.</summary>
        Narrow,

        /// <summary>Between letter spacing and a word space: the lexicon decides.</summary>
        Doubtful,

        /// <summary>A word space.</summary>
        Wide,
    }

    /// <summary>
    /// The gap widths from which a gap is doubtful and wide, from the widths of the gaps at which the model gave a
    /// space: a little over half and two thirds of their median, never below the defaults' ratio.
    /// </summary>
    /// <param name="modelSpaceGaps">Widths of the gaps where the line already has a space.</param>
    public static (float Doubtful, float Wide) Thresholds(IReadOnlyList<float> modelSpaceGaps)
    {
        if (modelSpaceGaps.Count < 2)
        {
            return (DefaultDoubtfulGap, DefaultSpaceGap);
        }

        var sorted = modelSpaceGaps.Order().ToArray();
        var median = sorted[sorted.Length / 2];
        return (Math.Max(DefaultDoubtfulGap - 1, 0.45f * median), Math.Max(DefaultSpaceGap - 3, 0.7f * median));
    }

    /// <summary>
    /// The thresholds for a line the model gave no spaces, from its gaps between characters: when half of them or more
    /// reach the doubtful width, its letters stand apart (typewriter type, whose narrow letters sit in wide cells: web
    /// addresses, code; or a crop scaled up from a tight box), and only a gap well over the line's own letter gap is a
    /// word space: the thresholds rise to 1.6 and 2.25 times the median gap.
    /// </summary>
    public static (float Doubtful, float Wide) ForLetterPitch((float Doubtful, float Wide) thresholds, IReadOnlyList<float> gaps)
    {
        if (gaps.Count < 4)
        {
            return thresholds;
        }

        var median = gaps.Order().ElementAt(gaps.Count / 2);
        return median < thresholds.Doubtful ? thresholds : (Math.Max(thresholds.Doubtful, 1.6f * median), Math.Max(thresholds.Wide, 2.25f * median));
    }

    /// <summary>
    /// The thresholds of each gap: the line's, except in a run of characters between two of the model's spaces whose
    /// letters stand apart (<see cref="ForLetterPitch"/> over the gaps between its letters and digits, from four on; a
    /// monospaced font's punctuation shows wide gaps in any case): typewriter type within a line of proportional type,
    /// such as a web address or a command, whose letter gaps are as wide as the line's word spaces.
    /// </summary>
    /// <param name="thresholds">The line's thresholds.</param>
    /// <param name="gaps">Each gap between consecutive non-space characters.</param>
    /// <param name="modelSpace">Whether the model gave a space at each gap.</param>
    /// <param name="betweenLetters">Whether each gap lies between two letters or digits.</param>
    public static (float Doubtful, float Wide)[] ByRun((float Doubtful, float Wide) thresholds, IReadOnlyList<float> gaps, IReadOnlyList<bool> modelSpace, IReadOnlyList<bool> betweenLetters)
    {
        var pitch = Enumerable.Repeat(thresholds, gaps.Count).ToArray();
        for (var start = 0; start < gaps.Count;)
        {
            var end = start;
            while (end < gaps.Count && !modelSpace[end])
            {
                end++;
            }

            var letterGaps = Enumerable.Range(start, end - start).Where(b => betweenLetters[b]).Select(b => gaps[b]).ToList();
            if (letterGaps.Count >= 4)
            {
                Array.Fill(pitch, ForLetterPitch(thresholds, letterGaps), start, end - start);
            }

            start = end + 1;
        }

        return pitch;
    }

    /// <summary>Classifies a gap against the thresholds.</summary>
    public static Gap Classify(float width, (float Doubtful, float Wide) thresholds) =>
        width >= thresholds.Wide ? Gap.Wide : width >= thresholds.Doubtful ? Gap.Doubtful : Gap.Narrow;
}
