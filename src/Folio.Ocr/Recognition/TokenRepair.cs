namespace Folio.Ocr.Recognition;

/// <summary>
/// Repairs of Latin tokens that the recognizer gets wrong and no word list can arbitrate, all pure:
/// <list type="bullet">
/// <item><b>Capitals.</b> Letters whose capital has the same shape as the small letter (c o s v w x z) are read small
/// inside words of capitals (<c>STRsxP</c> → <c>STRSXP</c>, <c>ENvsxP</c> → <c>ENVSXP</c>), and a capital I in such a
/// word is read as l (<c>AsClI</c> → <c>ASCII</c>). A word is one of capitals when two or more of its letters are
/// capitals of a distinct shape and none is a small letter of a distinct shape, and only a letter with such a capital after
/// it is raised: a final letter stays small (<c>PDFs</c>, <c>MHz</c>).</item>
/// <item><b>Web addresses.</b> Spaces the model put inside an address are removed: after the scheme's colon
/// (<c>https: //www</c>) and beside the dots of an address that starts with a scheme or <c>www.</c>
/// (<c>www. example .org</c>); a dot followed by a capital stays a sentence end.</item>
/// <item><b>TeX control words.</b> A control word (a backslash and two letters or more) joined to a word before it
/// gets its space back (<c>the\vspace</c> → <c>the \vspace</c>): a backslash leans into the gap before it, which
/// then looks as narrow as a letter gap. An escape of one letter (<c>text\n</c>) and a backslash after anything but
/// letters in its token (<c>C:\Users</c>, <c>\foo\bar</c>) stay as read.</item>
/// </list>
/// The number of characters other than spaces never changes, so word boxes stay where they were.
/// </summary>
public static class TokenRepair
{
    private const string SameShape = "cosvwxz";

    /// <summary>The characters with the repairs applied.</summary>
    /// <param name="chars">Decoded characters, spaces included.</param>
    public static List<DecodedChar> Apply(IReadOnlyList<DecodedChar> chars)
    {
        var output = JoinAddresses(chars);
        SpaceControlWords(output);
        var start = 0;
        for (var i = 0; i <= output.Count; i++)
        {
            if (i == output.Count || DecodedText.IsSpace(output[i]) || !DecodedText.IsLatinLetter(output[i].Character))
            {
                RestoreCapitals(output, start, i);
                start = i + 1;
            }
        }

        return output;
    }

    /// <summary>The text with the repairs applied (each character one <see cref="DecodedChar"/>), for callers with plain text.</summary>
    public static string Apply(string text) =>
        string.Concat(Apply(text.Select((c, i) => new DecodedChar(c.ToString(), i, 1f)).ToList()).Select(c => c.Character));

    // "the\vspace" → "the \vspace": a backslash and two letters after a token of letters only.
    private static void SpaceControlWords(List<DecodedChar> chars)
    {
        for (var i = chars.Count - 3; i > 0; i--)
        {
            if (chars[i].Character != "\\" || !DecodedText.IsLatinLetter(chars[i + 1].Character) || !DecodedText.IsLatinLetter(chars[i + 2].Character))
            {
                continue;
            }

            var start = DecodedText.TokenStart(chars, i);
            if (start < i && Enumerable.Range(start, i - start).All(j => DecodedText.IsLatinLetter(chars[j].Character)))
            {
                chars.Insert(i, new DecodedChar(" ", chars[i].TimeStep, chars[i].Probability));
            }
        }
    }

    // Letters from..to (exclusive) are one run of Latin letters.
    private static void RestoreCapitals(List<DecodedChar> chars, int from, int to)
    {
        int capitals = 0, smalls = 0, sameShape = 0;
        for (var i = from; i < to; i++)
        {
            var c = chars[i].Character[0];
            if (SameShape.Contains(char.ToLowerInvariant(c), StringComparison.Ordinal))
            {
                sameShape += char.IsLower(c) ? 1 : 0;
            }
            else if (c == 'l')
            {
                sameShape++;
            }
            else if (char.IsUpper(c))
            {
                capitals++;
            }
            else
            {
                smalls++;
            }
        }

        if (capitals < 2 || smalls > 0 || sameShape == 0)
        {
            return;
        }

        var capitalFollows = false;
        for (var i = to - 1; i >= from; i--)
        {
            var c = chars[i].Character[0];
            if (char.IsUpper(c) && !SameShape.Contains(char.ToLowerInvariant(c), StringComparison.Ordinal))
            {
                capitalFollows = true;
            }
            else if (capitalFollows && (c == 'l' || (char.IsLower(c) && SameShape.Contains(c, StringComparison.Ordinal))))
            {
                chars[i] = chars[i] with { Character = c == 'l' ? "I" : char.ToUpperInvariant(c).ToString() };
            }
        }
    }

    private static List<DecodedChar> JoinAddresses(IReadOnlyList<DecodedChar> chars)
    {
        var output = new List<DecodedChar>(chars.Count);
        var tokenStart = 0;
        for (var i = 0; i < chars.Count; i++)
        {
            if (DecodedText.IsSpace(chars[i]) && output.Count > tokenStart && RemoveSpace(output, tokenStart, chars, i + 1))
            {
                continue;
            }

            output.Add(chars[i]);
            if (DecodedText.IsSpace(chars[i]))
            {
                tokenStart = output.Count;
            }
        }

        return output;
    }

    // Whether the space between the token output[tokenStart..] and the characters from chars[next] is inside an address.
    private static bool RemoveSpace(List<DecodedChar> output, int tokenStart, IReadOnlyList<DecodedChar> chars, int next)
    {
        var token = string.Concat(output.Skip(tokenStart).Select(c => c.Character)).TrimStart('(', '[', '<', '“', '‘', '"', '\'');
        var following = string.Concat(chars.Skip(next).Take(3).Select(c => c.Character));
        if (following.Length < 2)
        {
            return false;
        }

        if (following.StartsWith("//", StringComparison.Ordinal) && IsScheme(token))
        {
            return true;
        }

        if (!IsAddress(token))
        {
            return false;
        }

        return (token.EndsWith('.') && char.IsLetterOrDigit(following[0]) && !char.IsUpper(following[0]))
            || (following[0] == '.' && char.IsLower(following[1]));
    }

    private static bool IsScheme(string token) =>
        token is "http:" or "https:" or "ftp:" or "HTTP:" or "HTTPS:" or "FTP:";

    private static bool IsAddress(string token) =>
        token.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || token.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || token.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase) || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
}
