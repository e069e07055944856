namespace Folio.Ocr.Recognition;

/// <summary>What the recognizer's model gave one line: its top classes and their probabilities at each time step.</summary>
/// <param name="Classes">The top <see cref="Runtime.TopKHead.K"/> classes of each time step, best first.</param>
/// <param name="Probabilities">Their probabilities.</param>
/// <param name="Steps">Time steps in the batch the line was read in.</param>
/// <param name="TensorWidth">That batch's width in pixels (the line padded on the right to it).</param>
public sealed record LineScores(long[] Classes, float[] Probabilities, int Steps, int TensorWidth);
