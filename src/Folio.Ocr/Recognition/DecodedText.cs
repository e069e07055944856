namespace Folio.Ocr.Recognition;

/// <summary>What the Latin text stages ask of a decoded character.</summary>
internal static class DecodedText
{
    /// <summary>Whether the character is a space (the model's or one put back).</summary>
    public static bool IsSpace(DecodedChar c) => string.IsNullOrWhiteSpace(c.Character);

    /// <summary>Whether the character is one letter of any script.</summary>
    public static bool IsLetter(DecodedChar c) => c.Character is { Length: 1 } s && char.IsLetter(s[0]);

    /// <summary>Whether the character is one small (lower-case) letter.</summary>
    public static bool IsSmallLetter(DecodedChar c) => c.Character is { Length: 1 } s && char.IsLower(s[0]);

    /// <summary>Whether the character is one letter or digit.</summary>
    public static bool IsLetterOrDigit(DecodedChar c) => c.Character is { Length: 1 } s && char.IsLetterOrDigit(s[0]);

    /// <summary>Where the token (the run of characters between spaces) that holds position <paramref name="i"/> starts.</summary>
    public static int TokenStart(IReadOnlyList<DecodedChar> chars, int i)
    {
        var start = i;
        while (start > 0 && !IsSpace(chars[start - 1]))
        {
            start--;
        }

        return start;
    }

    /// <summary>Whether the text is one Latin letter (Basic Latin through Latin Extended-B).</summary>
    public static bool IsLatinLetter(string s) => s.Length == 1 && char.IsLetter(s[0]) && s[0] < '\u0250';
}
