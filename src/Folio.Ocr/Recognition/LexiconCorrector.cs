using Folio.Pages.Text;

namespace Folio.Ocr.Recognition;

/// <summary>
/// Lexicon-aware decoding of Latin words of two letters or more: a word the lexicon does not know, or knows as far
/// rarer (<see cref="KnownWordMargin"/>), is replaced by a known word that the model itself found likely, at most two
/// edits away, each edit one of the model's other candidates (<see cref="Runtime.TopKHead"/>) — another letter at a character's time step, or a letter at a time step between two
/// characters (a letter greedy decoding lost to a blank or to a repeat: <c>diferent</c> → <c>different</c>). The model
/// must have given the edit real probability, so <c>funetion</c> becomes <c>function</c> only where <c>c</c> was a
/// candidate; words with digits or other symbols (numbers, code, URLs, identifiers) are left as read.
/// </summary>
public sealed class LexiconCorrector
{
    /// <summary>An alternative under this probability is not evidence.</summary>
    public const float MinAlternative = 0.05f;

    /// <summary>
    /// A word the lexicon knows is replaced only when the other word costs this much less, its edits included (ln of
    /// the frequency ratio): <c>lo</c> read for <c>to</c>, with <c>t</c> a candidate, is a rare word for a common one.
    /// </summary>
    public const float KnownWordMargin = 4f;

    private readonly Lexicon _lexicon;
    private readonly IReadOnlyList<string> _alphabet;

    /// <summary>Creates the stage.</summary>
    /// <param name="lexicon">The known words.</param>
    /// <param name="alphabet">The recognizer's classes (class 0 the blank).</param>
    public LexiconCorrector(Lexicon lexicon, IReadOnlyList<string> alphabet)
    {
        _lexicon = lexicon;
        _alphabet = alphabet;
    }

    private readonly record struct Edit(int Position, bool Insert, string Letter, int TimeStep, float Probability, float Cost);

    /// <summary>The characters with unknown words replaced where the model's candidates spell a known one.</summary>
    /// <param name="chars">Decoded characters (greedy), spaces included.</param>
    /// <param name="topClasses">The line's top classes, <paramref name="k"/> a time step, best first.</param>
    /// <param name="topProbabilities">Their probabilities.</param>
    /// <param name="k">Candidates per time step.</param>
    public List<DecodedChar> Apply(List<DecodedChar> chars, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k)
    {
        var output = new List<DecodedChar>(chars.Count + 4);
        var start = 0;
        for (var i = 0; i <= chars.Count; i++)
        {
            if (i < chars.Count && !string.IsNullOrWhiteSpace(chars[i].Character))
            {
                continue;
            }

            if (i > start)
            {
                output.AddRange(CorrectWord(chars.GetRange(start, i - start), topClasses, topProbabilities, k));
            }

            if (i < chars.Count)
            {
                output.Add(chars[i]);
            }

            start = i + 1;
        }

        return output;
    }

    private List<DecodedChar> CorrectWord(List<DecodedChar> word, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k)
    {
        // The letters between leading and trailing punctuation ("(word),"): anything else inside leaves the word alone.
        int first = 0, last = word.Count - 1;
        while (first <= last && IsPunctuation(word[first].Character))
        {
            first++;
        }

        while (last >= first && IsPunctuation(word[last].Character))
        {
            last--;
        }

        var letters = word.GetRange(first, last - first + 1);
        if (letters.Count < 2 || !letters.All(c => IsLatinLetter(c.Character)))
        {
            return word;
        }

        // A known word is replaced only by one far likelier (KnownWordMargin).
        var read = Spell(letters, []);
        var edits = Candidates(letters, classes, probabilities, k);
        var best = (Cost: _lexicon.Cost(read) - (_lexicon.Contains(read) ? KnownWordMargin : 0), Edits: Array.Empty<Edit>());
        // Every single edit and every pair of edits at different places: at most two edits per word.
        for (var a = 0; a < edits.Count; a++)
        {
            Consider([edits[a]]);
            for (var b = a + 1; b < edits.Count; b++)
            {
                if (edits[a].Position != edits[b].Position || edits[a].Insert != edits[b].Insert)
                {
                    Consider([edits[a], edits[b]]);
                }
            }
        }

        if (best.Edits.Length == 0)
        {
            return word;
        }

        var corrected = Apply(letters, best.Edits);
        return [.. word.GetRange(0, first), .. corrected, .. word.GetRange(last + 1, word.Count - last - 1)];

        void Consider(Edit[] chosen)
        {
            var spelled = Spell(letters, chosen);
            if (!_lexicon.Contains(spelled))
            {
                return;
            }

            var cost = _lexicon.Cost(spelled) + chosen.Sum(e => e.Cost);
            if (cost < best.Cost)
            {
                best = (cost, chosen);
            }
        }
    }

    // Another letter at a character's own time step, or a letter at a time step between two characters.
    private List<Edit> Candidates(List<DecodedChar> letters, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k)
    {
        var edits = new List<Edit>();
        var steps = classes.Length / k;
        for (var j = 0; j < letters.Count; j++)
        {
            var t = letters[j].TimeStep;
            if (t >= steps)
            {
                continue;
            }

            for (var m = 1; m < k; m++)
            {
                if (Letter(classes[(t * k) + m]) is { } letter && probabilities[(t * k) + m] >= MinAlternative)
                {
                    edits.Add(new Edit(j, false, letter, t, probabilities[(t * k) + m], MathF.Log(probabilities[t * k] / probabilities[(t * k) + m])));
                }
            }

            var next = j + 1 < letters.Count ? Math.Min(letters[j + 1].TimeStep, steps) : Math.Min(t + 3, steps);
            for (var s = t + 1; s < next; s++)
            {
                for (var m = 0; m < k; m++)
                {
                    if (Letter(classes[(s * k) + m]) is { } letter && probabilities[(s * k) + m] >= MinAlternative
                        && !edits.Any(e => e.Insert && e.Position == j && e.Letter == letter))
                    {
                        // A letter that won its step but was merged into the character before it costs nothing more than its doubt.
                        var cost = m == 0 ? 1f : MathF.Log(probabilities[s * k] / probabilities[(s * k) + m]);
                        edits.Add(new Edit(j, true, letter, s, probabilities[(s * k) + m], cost));
                    }
                }
            }
        }

        return edits;
    }

    private static string Spell(List<DecodedChar> letters, IReadOnlyList<Edit> edits) =>
        string.Concat(Apply(letters, edits).Select(c => c.Character));

    private static List<DecodedChar> Apply(List<DecodedChar> letters, IReadOnlyList<Edit> edits)
    {
        var output = new List<DecodedChar>(letters.Count + edits.Count);
        for (var j = 0; j < letters.Count; j++)
        {
            var substitute = edits.FirstOrDefault(e => !e.Insert && e.Position == j);
            output.Add(substitute.Letter is null ? letters[j] : new DecodedChar(substitute.Letter, letters[j].TimeStep, substitute.Probability));
            foreach (var insert in edits.Where(e => e.Insert && e.Position == j))
            {
                output.Add(new DecodedChar(insert.Letter, insert.TimeStep, insert.Probability));
            }
        }

        return output;
    }

    private string? Letter(long cls) =>
        cls > 0 && cls < _alphabet.Count && IsLatinLetter(_alphabet[(int)cls]) ? _alphabet[(int)cls] : null;

    private static bool IsLatinLetter(string s) => s.Length == 1 && char.IsAsciiLetter(s[0]);

    private static bool IsPunctuation(string s) => s.Length == 1 && (char.IsPunctuation(s[0]) || s[0] is '“' or '”' or '‘' or '’') || s is "（" or "）" or "，";
}
