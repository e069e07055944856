using Folio.Contracts;
using Folio.Pages.Geometry;

namespace Folio.Pages.Layout;

/// <summary>A text line before layout: recognised by OCR, or grouped from a text layer's words (<see cref="WordLines"/>).</summary>
/// <param name="Text">Normalised text.</param>
/// <param name="Confidence">Mean character probability (1 for a text layer).</param>
/// <param name="Quad">Where the line is, corners in reading order.</param>
/// <param name="Words">Words with their boxes.</param>
/// <param name="EndMarkAlternative">
/// When the line ends in a full stop or a comma and the recognizer gave the other one as a close candidate there,
/// that other mark: the next line's first letter chooses between them (<see cref="LineEndMarks"/>). Null otherwise.
/// </param>
public sealed record RecognizedLine(string Text, float Confidence, Quad Quad, IReadOnlyList<Word> Words, char? EndMarkAlternative = null);
