namespace Folio.Pages.Text;

/// <summary>What a word before a full stop says of the sentence: whether the stop may end one.</summary>
public static class SentenceWords
{
    // Words that end in a full stop inside a sentence.
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "al", "cf", "ch", "e.g", "eg", "eq", "eqs", "etc", "fig", "figs", "i.e", "ie", "no", "nos", "p", "pp", "ref", "refs", "resp",
        "sec", "sect", "viz", "vol", "vs", "ed", "eds", "approx", "dr", "mr", "mrs", "ms", "st", "tab", "app",
    };

    /// <summary>Whether <paramref name="word"/> (without its full stop) is an abbreviation a full stop follows inside a sentence (<c>et al.</c>, <c>Fig.</c>).</summary>
    public static bool IsAbbreviation(string word) => Abbreviations.Contains(word);

    /// <summary>
    /// Whether a full stop after <paramref name="token"/> (the text from the last space up to the stop) may be a comma
    /// the scan thinned: the token ends with a letter, a digit or a closing bracket (<c>cat</c>, <c>2017</c>,
    /// <c>[2]</c>), is no abbreviation and holds no other full stop (<c>e.g</c>, <c>U.S</c>).
    /// </summary>
    public static bool MayEndInComma(string token)
    {
        var word = token.TrimStart('(', '[', '“', '"');
        return word.Length > 0 && (char.IsLetterOrDigit(word[^1]) || word[^1] is ')' or ']') && !IsAbbreviation(word)
            && !word.Contains('.', StringComparison.Ordinal);
    }
}
