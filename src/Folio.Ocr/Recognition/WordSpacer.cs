using Folio.Pages.Text;

namespace Folio.Ocr.Recognition;

/// <summary>
/// Puts back the word spaces the recognizer leaves out of Latin text (<c>Itispossible</c> → <c>It is possible</c>).
/// Evidence: the blank columns between two characters in the line crop (<see cref="InkGaps"/>), judged against the
/// line's own spaces — the ones the model did give — so that the rule follows the font, its size and the scan
/// (<see cref="GapThresholds"/>). A gap as wide as a word space is a space; a gap between a letter gap and a word
/// space is decided by the lexicon (a split is kept when the words it makes are likelier than the run they came
/// from); a narrow gap never is.
/// A space the model gave is kept unless its gap is much narrower than the line's other spaces and the lexicon
/// clearly prefers the letters joined (<c>whet her</c> → <c>whether</c>: blur and grain can open a letter gap such as
/// t|h until the model reads a space). Nothing is inserted next to CJK text.
/// </summary>
public sealed class WordSpacer
{
    /// <summary>
    /// A space the model gave may be a letter gap when its gap is under this fraction of the line's typical space (the
    /// median of the model's spaces, from three on): the words of one line of justified text are set equally apart.
    /// </summary>
    public const float LetterGapFraction = 0.6f;

    /// <summary>
    /// A space the model gave, narrower than this fraction of the line's typical space, may also be a letter gap when
    /// the letters across it make a known word and one side alone is not one (<c>wit h</c> → <c>with</c>).
    /// </summary>
    public const float KnownWordGapFraction = 0.85f;

    /// <summary>The fewest letters such a known word has: shorter ones are too often made by chance (<c>to o</c> for <c>to ω</c>).</summary>
    public const int KnownWordMinLength = 4;

    /// <summary>What joining the letters across a space the model gave costs: the lexicon must prefer the joined word clearly.</summary>
    public const float ModelSpaceCost = 2f;

    private readonly Lexicon _lexicon;

    /// <summary>Creates the stage.</summary>
    /// <param name="lexicon">Word frequencies that arbitrate doubtful gaps.</param>
    public WordSpacer(Lexicon lexicon)
    {
        _lexicon = lexicon;
    }

    /// <summary>
    /// The characters with the missing spaces inserted.
    /// </summary>
    /// <param name="chars">Decoded characters, spaces included.</param>
    /// <param name="gapAfter">
    /// For each non-space character but the last, the blank width (crop pixels) between it and the next non-space character.
    /// </param>
    public List<DecodedChar> Apply(IReadOnlyList<DecodedChar> chars, IReadOnlyList<float> gapAfter)
    {
        var letters = new List<int>(chars.Count);
        for (var i = 0; i < chars.Count; i++)
        {
            if (!DecodedText.IsSpace(chars[i]))
            {
                letters.Add(i);
            }
        }

        if (letters.Count < 2 || gapAfter.Count != letters.Count - 1)
        {
            return [.. chars];
        }

        var modelSpace = new bool[letters.Count - 1];
        var spaceGaps = new List<float>();
        for (var b = 0; b < modelSpace.Length; b++)
        {
            modelSpace[b] = letters[b + 1] - letters[b] > 1;
            if (modelSpace[b])
            {
                spaceGaps.Add(gapAfter[b]);
            }
        }

        var thresholds = spaceGaps.Count < 2
            ? GapThresholds.ForLetterPitch(GapThresholds.Thresholds(spaceGaps), gapAfter)
            : GapThresholds.Thresholds(spaceGaps);
        var betweenLetters = Enumerable.Range(0, modelSpace.Length).Select(b => SpaceRules.IsAlphanumeric(chars[letters[b]].Character) && SpaceRules.IsAlphanumeric(chars[letters[b + 1]].Character)).ToArray();
        var pitch = GapThresholds.ByRun(thresholds, gapAfter, modelSpace, betweenLetters);
        var punctuationSpace = PunctuationSpace(spaceGaps, thresholds);
        var typicalSpace = spaceGaps.Count >= 2 ? spaceGaps.Order().ElementAt(spaceGaps.Count / 2) : GapThresholds.DefaultSpaceGap * 1.4f;
        var insert = new bool[modelSpace.Length];
        var doubtful = new bool[modelSpace.Length];
        for (var b = 0; b < modelSpace.Length; b++)
        {
            if (modelSpace[b])
            {
                // A model space at a letter-gap width between two letters: the lexicon decides whether it stays.
                doubtful[b] = spaceGaps.Count >= 3 && DecodedText.IsLatinLetter(chars[letters[b]].Character) && DecodedText.IsLatinLetter(chars[letters[b + 1]].Character)
                    && (gapAfter[b] < LetterGapFraction * typicalSpace || (gapAfter[b] < KnownWordGapFraction * typicalSpace && SplitsAKnownWord(chars, letters, modelSpace, b, KnownWordMinLength)));
                continue;
            }

            var left = chars[letters[b]].Character;
            var right = chars[letters[b + 1]].Character;
            // A number's unit keeps its thin space whatever the pitch of the run around it ("11.69 in").
            var unit = left.Length == 1 && char.IsDigit(left[0]) && SpaceRules.IsUnit(LettersFrom(chars, letters, modelSpace, b + 1));
            var gap = GapThresholds.Classify(gapAfter[b], unit ? thresholds : pitch[b]);
            if (gap == GapThresholds.Gap.Narrow || SpaceRules.IsCjk(left) || SpaceRules.IsCjk(right))
            {
                continue;
            }

            if (gap == GapThresholds.Gap.Wide)
            {
                var before = b > 0 ? chars[letters[b - 1]].Character : string.Empty;
                var after = b + 2 < letters.Count ? chars[letters[b + 2]].Character : string.Empty;
                insert[b] = SpaceRules.CanBreak(left, right) && !SpaceRules.JoinsAName(before, left, right, after) && (SpaceRules.IsAlphanumeric(left) && SpaceRules.IsAlphanumeric(right) || gapAfter[b] >= punctuationSpace)
                    && !(gapAfter[b] < typicalSpace && SplitsAKnownWord(chars, letters, modelSpace, b));
            }
            else
            {
                doubtful[b] = DecodedText.IsLatinLetter(left) && DecodedText.IsLatinLetter(right);
                insert[b] = unit;
            }
        }

        var join = ResolveDoubtful(chars, letters, modelSpace, insert, doubtful, gapAfter, pitch);
        return WithSpaces(chars, letters, insert, join);
    }

    // Between runs of certain breaks, the doubtful gaps of a run of letters are chosen together: the split (or none)
    // whose words cost least, each split paying for how narrow its gap is, each join of a model space paying
    // ModelSpaceCost. Returns the model spaces to remove.
    private bool[] ResolveDoubtful(IReadOnlyList<DecodedChar> chars, List<int> letters, bool[] modelSpace, bool[] insert, bool[] doubtful, IReadOnlyList<float> gapAfter, (float Doubtful, float Wide)[] pitch)
    {
        var join = new bool[modelSpace.Length];
        var start = 0;
        for (var end = 0; end < letters.Count; end++)
        {
            var last = end == letters.Count - 1;
            if (!last && (!modelSpace[end] || doubtful[end]) && !insert[end])
            {
                continue;
            }

            // Letters start..end form one run between certain breaks.
            var cuts = Enumerable.Range(start, end - start).Where(b => doubtful[b]).ToList();
            if (cuts.Count > 0)
            {
                var text = string.Concat(Enumerable.Range(start, end - start + 1).Select(i => chars[letters[i]].Character));
                var costs = cuts.Select(b => modelSpace[b] ? -ModelSpaceCost : SplitCost(gapAfter[b], pitch[b])).ToList();
                var chosen = Segment(text, cuts.Select(b => b - start + 1).ToList(), costs).Select(c => start + c - 1).ToHashSet();
                foreach (var b in cuts)
                {
                    insert[b] = !modelSpace[b] && chosen.Contains(b);
                    join[b] = modelSpace[b] && !chosen.Contains(b);
                }
            }

            start = end + 1;
        }

        return join;
    }

    // The letters from letters[first] to the next space or non-letter, when a non-letter, a space or the line's end
    // follows them; otherwise empty.
    private static string LettersFrom(IReadOnlyList<DecodedChar> chars, List<int> letters, bool[] modelSpace, int first)
    {
        var last = first;
        while (last < letters.Count && chars[letters[last]].Character is { Length: 1 } c && char.IsLetter(c[0]) && (last == first || !modelSpace[last - 1]))
        {
            last++;
        }

        return last == first ? string.Empty : string.Concat(Enumerable.Range(first, last - first).Select(i => chars[letters[i]].Character));
    }

    // Whether the run of Latin letters across gap b (up to the nearest spaces the model gave), of at least minLength
    // letters, is a known word while one side of the gap is not ("infor mation", "wit h"): a gap narrower than the
    // line's typical space there is a letter gap that blur or noise widened.
    private bool SplitsAKnownWord(IReadOnlyList<DecodedChar> chars, List<int> letters, bool[] modelSpace, int b, int minLength = 0)
    {
        int first = b, last = b + 1;
        while (first > 0 && !modelSpace[first - 1] && DecodedText.IsLatinLetter(chars[letters[first - 1]].Character))
        {
            first--;
        }

        while (last < letters.Count - 1 && !modelSpace[last] && DecodedText.IsLatinLetter(chars[letters[last + 1]].Character))
        {
            last++;
        }

        if (!DecodedText.IsLatinLetter(chars[letters[b]].Character) || !DecodedText.IsLatinLetter(chars[letters[b + 1]].Character))
        {
            return false;
        }

        string Piece(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1).Select(i => chars[letters[i]].Character));
        return last - first + 1 >= minLength && _lexicon.Contains(Piece(first, last)) && (!_lexicon.Contains(Piece(first, b)) || !_lexicon.Contains(Piece(b + 1, last)));
    }

    /// <summary>
    /// Chooses which of the allowed cut positions (offsets into <paramref name="text"/>) to split at, by least total
    /// cost: the lexicon cost of each piece's letters plus each chosen cut's own cost. Pure; exposed for tests.
    /// </summary>
    public IReadOnlyList<int> Segment(string text, IReadOnlyList<int> cuts, IReadOnlyList<float> cutCosts)
    {
        // Positions: 0, the cuts, text.Length. best[j]: least cost of text[..position j] ending in a cut at j.
        var positions = new List<int> { 0 };
        positions.AddRange(cuts);
        positions.Add(text.Length);
        var best = new float[positions.Count];
        var from = new int[positions.Count];
        for (var j = 1; j < positions.Count; j++)
        {
            best[j] = float.MaxValue;
            for (var i = 0; i < j; i++)
            {
                var cost = best[i] + PieceCost(text.AsSpan(positions[i], positions[j] - positions[i])) + (j < positions.Count - 1 ? cutCosts[j - 1] : 0);
                if (cost < best[j])
                {
                    best[j] = cost;
                    from[j] = i;
                }
            }
        }

        var chosen = new List<int>();
        for (var j = from[^1]; j > 0; j = from[j])
        {
            chosen.Add(positions[j]);
        }

        chosen.Reverse();
        return chosen;
    }

    private float PieceCost(ReadOnlySpan<char> piece)
    {
        // Punctuation around the letters ("(the", "end,") does not make a word unknown.
        var core = piece.Trim("([{\"'“‘«.,;:!?)]}\"'”’»");
        return core.IsEmpty ? 0 : _lexicon.Cost(core);
    }

    // A cut at a gap just over the doubtful threshold costs 3 (about a twentieth as likely), one near a word space's
    // width costs nothing: the lexicon must clearly prefer a split at a narrow gap.
    private static float SplitCost(float gap, (float Doubtful, float Wide) thresholds) =>
        3f * (1f - Math.Clamp((gap - thresholds.Doubtful) / Math.Max(1e-3f, thresholds.Wide - thresholds.Doubtful), 0, 1));

    private static List<DecodedChar> WithSpaces(IReadOnlyList<DecodedChar> chars, List<int> letters, bool[] insert, bool[] join)
    {
        var output = new List<DecodedChar>(chars.Count + 8);
        for (var i = 0; i < chars.Count; i++)
        {
            // A space lies between letters ~b - 1 and ~b: it goes when that gap was joined.
            var b = letters.BinarySearch(i);
            if (b < 0 && ~b >= 1 && ~b - 1 < join.Length && join[~b - 1])
            {
                continue;
            }

            output.Add(chars[i]);
            if (b >= 0 && b < insert.Length && insert[b])
            {
                var next = chars[letters[b + 1]];
                output.Add(new DecodedChar(" ", (chars[i].TimeStep + next.TimeStep) / 2, (chars[i].Probability + next.Probability) / 2));
            }
        }

        return output;
    }

    // Punctuation is narrower than its cell in a monospaced font, so "c(10,10)" shows gaps nearly as wide as a word
    // space around the parenthesis and after the comma: next to punctuation a space needs a wider gap, most of a space
    // the model gave on this line, or half as much again as the default.
    private static float PunctuationSpace(List<float> modelSpaceGaps, (float Doubtful, float Wide) thresholds) =>
        modelSpaceGaps.Count >= 2 ? Math.Max(thresholds.Wide, 0.9f * modelSpaceGaps.Order().ElementAt(modelSpaceGaps.Count / 2)) : 1.5f * thresholds.Wide;
}
