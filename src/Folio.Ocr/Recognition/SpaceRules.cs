using Folio.Pages.Text;

namespace Folio.Ocr.Recognition;

/// <summary>
/// Which neighbouring characters a word space may come between, by the characters alone (<see cref="WordSpacer"/>
/// decides by the gaps): not inside a number or a name, not inside punctuation pairs. Pure.
/// </summary>
internal static class SpaceRules
{
    public static bool IsAlphanumeric(string s) => s.Length == 1 && char.IsLetterOrDigit(s[0]);

    public static bool IsCjk(string s) => s.Length > 0 && TextNormalizer.IsCjk(s[0]);

    // A wide gap breaks anywhere except inside a number ("1 000" stays as the model read it), before closing or after
    // opening punctuation, after a full stop unless a sentence starts ("www.example" stays), and after a colon
    // before a slash ("https://").
    public static bool CanBreak(string left, string right) =>
        !(left.Length == 1 && right.Length == 1 && char.IsDigit(left[0]) && char.IsDigit(right[0]))
        && !IsClosing(right) && !IsOpening(left)
        && (left is not ("." or "。" or "!" or "?") || (right.Length == 1 && (char.IsUpper(right[0]) || IsOpening(right))))
        && !(left is ":" or "：" && right is "/");

    // A character that joins the parts of a name ("a/b", "x_1", "user@host") never has a space beside it; a hyphen
    // only between two letters or digits ("r-project", not R's "<- 3").
    public static bool JoinsAName(string before, string left, string right, string after) =>
        IsJoiner(left) || IsJoiner(right)
        || (left == "-" && IsAlphanumeric(before) && IsAlphanumeric(right))
        || (right == "-" && IsAlphanumeric(left) && IsAlphanumeric(after));

    /// <summary>
    /// Unit symbols that a number stands before, a thin space between (<c>21.0 cm</c>, <c>14 pt</c>, <c>5 GeV</c>,
    /// <c>300 K</c>): those of two letters or more, and the kelvin's <c>K</c>. Where the ink shows a gap wider than
    /// letter spacing there, it is that space.
    /// </summary>
    public static bool IsUnit(string word) => Units.Contains(word);

    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "mm", "cm", "km", "nm", "μm", "µm", "in", "pt", "pc", "px", "em", "ex", "kg", "mg", "ms", "ns", "μs", "µs", "Hz", "kHz", "MHz", "GHz",
        "kV", "mV", "mA", "kW", "MW", "GW", "eV", "keV", "MeV", "GeV", "TeV", "dB", "kB", "MB", "GB", "TB", "ml", "mL", "mol", "K", "Pa", "kPa", "MPa",
    };

    private static bool IsJoiner(string s) => s is "/" or "_" or "@" or "\\" or "~" or "#";

    private static bool IsClosing(string s) => s is ")" or "]" or "}" or "）" or "］" or "，" or "," or "." or "。" or ";" or "；" or ":" or "：" or "!" or "?" or "”" or "’";

    private static bool IsOpening(string s) => s is "(" or "[" or "{" or "（" or "［" or "“" or "‘";
}
