namespace Folio.Ocr.Recognition;

/// <summary>What the Latin text stages ask of a decoded character.</summary>
internal static class DecodedText
{
    /// <summary>Whether the character is a space (the model's or one put back).</summary>
    public static bool IsSpace(DecodedChar c) => string.IsNullOrWhiteSpace(c.Character);

    /// <summary>Whether the text is one Latin letter (Basic Latin through Latin Extended-B).</summary>
    public static bool IsLatinLetter(string s) => s.Length == 1 && char.IsLetter(s[0]) && s[0] < '\u0250';
}
