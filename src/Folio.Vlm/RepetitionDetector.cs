namespace Folio.Vlm;

/// <summary>A run of one unit repeated back to back.</summary>
/// <param name="Start">Index of the run's first character.</param>
/// <param name="Period">Length of the repeated unit in characters.</param>
/// <param name="Repeats">Whole repetitions of the unit in the run.</param>
public readonly record struct Repetition(int Start, int Period, int Repeats)
{
    /// <summary>Characters covered by whole repetitions.</summary>
    public int Length => Period * Repeats;
}

/// <summary>
/// Finds repetition loops (a VLM writing the same n-gram over and over: <c>&lt;ecel&gt;&lt;ecel&gt;…</c>, <c>the the the …</c>,
/// a whole row again and again): a unit of 1 to <c>maxPeriod</c> characters repeated back to back at least
/// <c>minRepeats</c> times and over at least <c>minChars</c> characters. Units of only punctuation or white space
/// (dot leaders, rules) are not loops.
/// </summary>
public static class RepetitionDetector
{
    /// <summary>Default longest unit: a table row of a few cells.</summary>
    public const int DefaultMaxPeriod = 120;

    /// <summary>Default fewest repetitions.</summary>
    public const int DefaultMinRepeats = 12;

    /// <summary>Default fewest characters covered: longer than any legitimate run of empty cells in a row.</summary>
    public const int DefaultMinChars = 240;

    /// <summary>The longest qualifying run, or null. O(length × maxPeriod).</summary>
    public static Repetition? Find(string text, int maxPeriod = DefaultMaxPeriod, int minRepeats = DefaultMinRepeats, int minChars = DefaultMinChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        Repetition? best = null;
        for (var period = 1; period <= maxPeriod && 2 * period <= text.Length; period++)
        {
            // run = how many consecutive positions i satisfy text[i] == text[i + period]; a run of k such positions
            // starting at s means text[s .. s + k + period) is the unit repeated (k + period) / period times.
            var run = 0;
            for (var i = 0; i + period < text.Length; i++)
            {
                run = text[i] == text[i + period] ? run + 1 : 0;
                var next = i + 1 + period < text.Length && text[i + 1] == text[i + 1 + period];
                if (run == 0 || next)
                {
                    continue;
                }

                var start = i - run + 1;
                var repeats = (run + period) / period;
                if (repeats >= minRepeats && repeats * period >= minChars && (best is null || repeats * period > best.Value.Length)
                    && !IsFiller(text.AsSpan(start, period)) && IsPrimitive(text.AsSpan(start, period)))
                {
                    best = new Repetition(start, period, repeats);
                }
            }
        }

        return best;
    }

    /// <summary>Whether the text holds a repetition loop with the default thresholds.</summary>
    public static bool IsLoop(string text) => Find(text) is not null;

    private static bool IsFiller(ReadOnlySpan<char> unit)
    {
        foreach (var c in unit)
        {
            if (char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return !unit.Contains('<');
    }

    // "abab" is "ab" twice: report the shortest unit only, so one loop is not counted under several periods.
    private static bool IsPrimitive(ReadOnlySpan<char> unit)
    {
        for (var p = 1; p < unit.Length; p++)
        {
            if (unit.Length % p == 0 && unit[p..].SequenceEqual(unit[..^p]))
            {
                return false;
            }
        }

        return true;
    }
}
