using System.Globalization;
using System.Text;

namespace Folio.Testing;

/// <summary>Character error rate: edit distance over the reference length, after collapsing whitespace; also CER without spaces and word error.</summary>
internal static class TextMetrics
{
    public static string Collapse(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var part in folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(part);
        }

        return sb.ToString();
    }

    public static double Cer(string reference, string hypothesis) => ErrorRate(Collapse(reference), Collapse(hypothesis));

    /// <summary>
    /// Character error rate with every whitespace character removed from both sides first: spacing and line breaks
    /// cost nothing, so what is left is the characters and their order.
    /// </summary>
    public static double CerWithoutSpaces(string reference, string hypothesis) => ErrorRate(WithoutSpaces(reference), WithoutSpaces(hypothesis));

    /// <summary>
    /// Word error as 1 − F1 over bags of words: the texts are split on whitespace, punctuation is stripped from
    /// both ends of each word, case is kept, and order does not count.
    /// </summary>
    public static double WordError(string reference, string hypothesis)
    {
        var expected = Words(reference);
        var found = Words(hypothesis);
        var expectedCount = expected.Values.Sum();
        var foundCount = found.Values.Sum();
        if (expectedCount == 0 || foundCount == 0)
        {
            return expectedCount == foundCount ? 0 : 1;
        }

        var matched = expected.Sum(pair => Math.Min(pair.Value, found.GetValueOrDefault(pair.Key)));
        var precision = (double)matched / foundCount;
        var recall = (double)matched / expectedCount;
        return matched == 0 ? 1 : 1 - (2 * precision * recall / (precision + recall));
    }

    /// <summary>
    /// The words of a text with punctuation stripped from their ends, counted; empty words are dropped. A word broken
    /// at a line end ("interac- tion") counts as the whole word on either side, so that a reader that joins it is not
    /// charged for it.
    /// </summary>
    public static Dictionary<string, int> Words(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var joined = System.Text.RegularExpressions.Regex.Replace(text.Normalize(NormalizationForm.FormKC), @"(\p{L})-\s+(\p{Ll})", "$1$2");
        foreach (var token in joined.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var start = 0;
            var end = token.Length;
            while (start < end && char.IsPunctuation(token[start]))
            {
                start++;
            }

            while (end > start && char.IsPunctuation(token[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                var word = token[start..end];
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        return counts;
    }

    private static string WithoutSpaces(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Levenshtein distance over the reference length; 0 or 1 for an empty reference.</summary>
    private static double ErrorRate(string r, string h)
    {
        if (r.Length == 0)
        {
            return h.Length == 0 ? 0 : 1;
        }

        var previous = new int[h.Length + 1];
        var current = new int[h.Length + 1];
        for (var j = 0; j <= h.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= r.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= h.Length; j++)
            {
                var cost = r[i - 1] == h[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return (double)previous[h.Length] / r.Length;
    }

    public static string Percent(double value) => (value * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
}
