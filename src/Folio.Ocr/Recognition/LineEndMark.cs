namespace Folio.Ocr.Recognition;

/// <summary>
/// Reads, for a line that ends in a full stop or a comma, whether the model gave the other mark, or after a letter a
/// hyphen, as a close candidate at that time step (<see cref="Runtime.TopKHead"/>): the line's own view ends there,
/// and the layout chooses between the two by the next line of the paragraph (<see cref="Folio.Pages.Layout.RecognizedLine.EndMarkAlternative"/>).
/// Pure apart from the alphabet.
/// </summary>
public sealed class LineEndMark
{
    /// <summary>The other mark is carried when the model gave it at least this probability.</summary>
    public const float MinAlternative = 0.1f;

    private readonly IReadOnlyList<string> _alphabet;

    /// <summary>Creates the reader.</summary>
    /// <param name="alphabet">The recognizer's classes (class 0 the blank).</param>
    public LineEndMark(IReadOnlyList<string> alphabet)
    {
        _alphabet = alphabet;
    }

    /// <summary>
    /// The other of <c>.</c> and <c>,</c> when the line ends in one and the model gave the other at least
    /// <see cref="MinAlternative"/> at its time step, or a hyphen when the mark follows a letter and the model gave
    /// <c>-</c> as much, and at least as much as the other mark; else null.
    /// </summary>
    /// <param name="chars">The line's characters as they will be returned.</param>
    /// <param name="topClasses">The line's top classes, <paramref name="k"/> a time step, best first.</param>
    /// <param name="topProbabilities">Their probabilities.</param>
    /// <param name="k">Candidates per time step.</param>
    public char? Alternative(IReadOnlyList<DecodedChar> chars, ReadOnlySpan<long> topClasses, ReadOnlySpan<float> topProbabilities, int k)
    {
        var at = chars.Count - 1;
        while (at >= 0 && DecodedText.IsSpace(chars[at]))
        {
            at--;
        }

        if (at < 0 || chars[at].Character is not ("." or ",") || k <= 0)
        {
            return null;
        }

        var last = chars[at];
        var steps = topClasses.Length / k;
        var other = last.Character == "." ? "," : ".";
        var p = TopCandidates.Probability(_alphabet, other, last.TimeStep, topClasses, topProbabilities, k, steps);

        // After a letter the mark may be a hyphen that blur shrank to a dot.
        var hyphen = at >= 1 && DecodedText.IsLetter(chars[at - 1])
            ? TopCandidates.Probability(_alphabet, "-", last.TimeStep, topClasses, topProbabilities, k, steps)
            : 0;
        return hyphen >= MinAlternative && hyphen >= p ? '-' : p >= MinAlternative ? other[0] : null;
    }
}
