using System.Globalization;
using System.Text;

namespace Folio.Pages.Text;

/// <summary>
/// Folds compatibility characters (NFKC: ligatures such as "ﬁ", full-width Latin letters and punctuation) the way a
/// reader of Latin text expects, while keeping full-width punctuation that sits next to CJK text, where it belongs.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Normalises one run of recognised text.</summary>
    public static string Normalize(string text)
    {
        if (text.Length == 0 || text.IsNormalized(NormalizationForm.FormKC))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var run = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsFullWidthForm(c) && NextToCjk(text, i))
            {
                output.Append(run.ToString().Normalize(NormalizationForm.FormKC));
                run.Clear();
                output.Append(c);
            }
            else
            {
                run.Append(c);
            }
        }

        output.Append(run.ToString().Normalize(NormalizationForm.FormKC));
        return output.ToString();
    }

    /// <summary>Whether the character is a CJK ideograph, kana or hangul syllable.</summary>
    public static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3040' and <= '\u30FF')
            or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF') || char.IsSurrogate(c)
            || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c >= '\u2E80';

    // U+FF01..U+FF5E mirror ASCII punctuation and letters; U+3000 is the ideographic space.
    private static bool IsFullWidthForm(char c) => c is (>= '\uFF01' and <= '\uFF5E') or '\u3000';

    private static bool NextToCjk(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (!char.IsWhiteSpace(text[i]) && !IsFullWidthForm(text[i]))
            {
                if (IsCjk(text[i]))
                {
                    return true;
                }

                break;
            }
        }

        for (var i = index + 1; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]) && !IsFullWidthForm(text[i]))
            {
                return IsCjk(text[i]);
            }
        }

        return false;
    }
}
