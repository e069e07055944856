namespace Folio.Ocr.Recognition;

/// <summary>
/// Puts back the marks of TeX groups that blur and grain turned into letters and parentheses, where the model gave the
/// right mark as a candidate at that time step (<see cref="Runtime.TopKHead"/>) and the TeX around it says a group is meant:
/// <list type="bullet">
/// <item><b>Openers read as letters.</b> A character right after a control word (<c>\end</c>, <c>\begin</c>) is an
/// opening brace when the model gave <c>{</c> there and a parenthesis or brace later in its token closes it while
/// closing nothing the line opened: <c>\endfabstract)</c> → <c>\end{abstract}</c>, <c>\begin↓table)</c> →
/// <c>\begin{table}</c>, <c>(\reffkey))</c> → <c>(\ref{key})</c>. A closing parenthesis becomes a brace only when
/// the model gave <c>}</c> there; of several openers the one it gave <c>{</c> most is chosen.
/// An opener right after a closing bracket or brace counts as after a control word (<c>\section[a]fkey}</c>).
/// A bib entry (a token that starts with <c>@</c> and a word and ends in a comma) opens with the letter the model gave
/// <c>{</c> most after the entry type's first two letters (<c>@articlefkey,</c> → <c>@article{key,</c>).</item>
/// <item><b>Backslashes read as letters.</b> A character that starts a word and resembles a backslash
/// (<see cref="BackslashLookalikes"/>) is one when the model gave it at least <see cref="MinBackslash"/> and the
/// control word it starts (two small letters or more) opens a group the model gave: a brace, a parenthesis with a
/// <c>{</c> candidate, or an opener of the first rule (<c>Nemail(key)</c>, <c>lauthorfkey)</c>, <c>(begin(key)</c>).
/// A word with nothing opened after it stays (<c>Note</c>, <c>label</c>, <c>Author</c>).</item>
/// <item><b>Parentheses opening a group.</b> A parenthesis right after <c>_</c>, <c>^</c> or <c>=</c> (<c>S_(b)</c>,
/// <c>venue=(key)</c>) or right before a backslash (<c>(\bf bold)</c>) opens a group (<see cref="OpensGroup"/>);
/// <see cref="PunctuationChoice"/> makes it a brace when the model gave one.</item>
/// </list>
/// Characters keep their time steps.
/// </summary>
internal sealed class TexGroups
{
    /// <summary>A backslash candidate under this probability does not turn a look-alike into the start of a control word.</summary>
    public const float MinBackslash = 0.05f;

    /// <summary>Characters the model reads for a blurred backslash at the start of a control word.</summary>
    public static readonly IReadOnlySet<string> BackslashLookalikes = new HashSet<string> { "N", "l", "A", "I", "(", "|", "1" };

    private readonly IReadOnlyList<string> _alphabet;

    /// <summary>Creates the stage.</summary>
    /// <param name="alphabet">The recognizer's classes (class 0 the blank).</param>
    public TexGroups(IReadOnlyList<string> alphabet)
    {
        _alphabet = alphabet;
    }

    /// <summary>Whether the parenthesis at <paramref name="i"/> opens a TeX group by its marks: right after <c>_</c>, <c>^</c> or <c>=</c>, or right before a backslash.</summary>
    public static bool OpensGroup(IReadOnlyList<DecodedChar> chars, int i) =>
        (i > 0 && chars[i - 1].Character is "_" or "^" or "=") || (i + 1 < chars.Count && chars[i + 1].Character == "\\");

    /// <summary>Restores backslashes read as look-alikes, then openers read as letters with their closers, in place.</summary>
    /// <param name="chars">Decoded characters, spaces included.</param>
    /// <param name="topClasses">The line's top classes, <paramref name="k"/> a time step, best first.</param>
    /// <param name="topProbabilities">Their probabilities.</param>
    /// <param name="k">Candidates per time step.</param>
    public void Apply(List<DecodedChar> chars, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k)
    {
        var steps = topClasses.Length / k;
        for (var p = 0; p + 2 < chars.Count; p++)
        {
            if (!BackslashLookalikes.Contains(chars[p].Character) || !StartsControlWord(chars, p)
                || Probability("\\", chars[p].TimeStep, topClasses, topProbabilities, k, steps) < MinBackslash)
            {
                continue;
            }

            var end = p + 1;
            while (end < chars.Count && DecodedText.IsSmallLetter(chars[end]))
            {
                end++;
            }

            if (end - p - 1 < 2)
            {
                continue;
            }

            var read = chars[p];
            chars[p] = read with { Character = "\\" };
            var opened = end < chars.Count && (chars[end].Character == "{"
                || (chars[end].Character == "(" && Probability("{", chars[end].TimeStep, topClasses, topProbabilities, k, steps) > 0));
            for (var i = end; !opened && i < chars.Count && !DecodedText.IsSpace(chars[i]); i++)
            {
                opened = CloseGroup(chars, i, end, topClasses, topProbabilities, k, steps);
            }

            if (!opened)
            {
                chars[p] = read;
            }
        }

        for (var i = 0; i < chars.Count; i++)
        {
            CloseGroup(chars, i, i, topClasses, topProbabilities, k, steps);
            OpenBibEntry(chars, i, topClasses, topProbabilities, k, steps);
        }
    }

    // "@articlefkey," → "@article{key,": a token that starts with "@" and a word and ends in a comma, with the letter
    // the model gave "{" most (after two letters or more) for the entry's brace.
    private void OpenBibEntry(List<DecodedChar> chars, int at, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k, int steps)
    {
        if (chars[at].Character != "@" || (at > 0 && !DecodedText.IsSpace(chars[at - 1])))
        {
            return;
        }

        var end = at + 1;
        while (end < chars.Count && !DecodedText.IsSpace(chars[end]))
        {
            end++;
        }

        if (chars[end - 1].Character != "," || Enumerable.Range(at, end - at).Any(i => chars[i].Character is "{" or "(" or "}" or ")"))
        {
            return;
        }

        var (best, opener) = (0f, -1);
        for (var j = at + 3; j < end && DecodedText.IsSmallLetter(chars[j - 1]); j++)
        {
            var brace = Probability("{", chars[j].TimeStep, classes, probabilities, k, steps);
            if (brace > best && DecodedText.IsLetter(chars[j]))
            {
                (best, opener) = (brace, j);
            }
        }

        if (opener >= 0)
        {
            chars[opener] = chars[opener] with { Character = "{" };
        }
    }

    // Where the closing mark at `unclosed` closes nothing the line opened: makes an opener after a control word in its
    // token (at or before `lastOpener`) a brace, and the mark that opener closes, where the model gave both; whether it did.
    private bool CloseGroup(List<DecodedChar> chars, int unclosed, int lastOpener, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k, int steps)
    {
        if (chars[unclosed].Character is not (")" or "}") || !Unclosed(chars).Contains(unclosed))
        {
            return false;
        }

        var (best, opener, closer) = (0f, -1, -1);
        for (var j = DecodedText.TokenStart(chars, unclosed); j < unclosed && j <= lastOpener; j++)
        {
            var brace = Probability("{", chars[j].TimeStep, classes, probabilities, k, steps);
            if (brace <= best || chars[j].Character is "(" or "{" or "[" or "\\" || !(IsAfterControlWord(chars, j) || (j > 0 && chars[j - 1].Character is "]" or "}")))
            {
                continue;
            }

            var closes = Closer(chars, j);
            if (closes >= 0 && closes <= unclosed
                && (chars[closes].Character == "}" || Probability("}", chars[closes].TimeStep, classes, probabilities, k, steps) > 0))
            {
                (best, opener, closer) = (brace, j, closes);
            }
        }

        if (opener < 0)
        {
            return false;
        }

        chars[opener] = chars[opener] with { Character = "{" };
        chars[closer] = chars[closer] with { Character = "}" };
        return true;
    }

    // The closing mark that an opener at j would close within its token (−1 when none).
    private static int Closer(List<DecodedChar> chars, int j)
    {
        var depth = 0;
        for (var i = j + 1; i < chars.Count && !DecodedText.IsSpace(chars[i]); i++)
        {
            if (chars[i].Character is "(" or "{")
            {
                depth++;
            }
            else if (chars[i].Character is ")" or "}" && depth-- == 0)
            {
                return i;
            }
        }

        return -1;
    }

    // Positions of the closing parentheses and braces that close nothing the line opened before them.
    private static HashSet<int> Unclosed(List<DecodedChar> chars)
    {
        var unclosed = new HashSet<int>();
        var depth = 0;
        for (var i = 0; i < chars.Count; i++)
        {
            if (chars[i].Character is "(" or "{")
            {
                depth++;
            }
            else if (chars[i].Character is ")" or "}" && depth-- == 0)
            {
                depth = 0;
                unclosed.Add(i);
            }
        }

        return unclosed;
    }

    /// <summary>Whether a backslash (or its look-alike) at <paramref name="p"/> may start a control word: the line, a space or a bracket before it.</summary>
    internal static bool StartsControlWord(List<DecodedChar> chars, int p) =>
        p == 0 || DecodedText.IsSpace(chars[p - 1]) || chars[p - 1].Character is "(" or "{" or "[" or "}" or "]";

    /// <summary>Whether a control word (<c>\word</c>) ends just before position <paramref name="j"/>.</summary>
    internal static bool IsAfterControlWord(List<DecodedChar> chars, int j)
    {
        var i = j - 1;
        while (i >= 0 && DecodedText.IsLatinLetter(chars[i].Character))
        {
            i--;
        }

        return i < j - 1 && i >= 0 && chars[i].Character == "\\";
    }

    private float Probability(string mark, int timeStep, ReadOnlySpan<long> classes, ReadOnlySpan<float> probabilities, int k, int steps) =>
        TopCandidates.Probability(_alphabet, mark, timeStep, classes, probabilities, k, steps);
}
