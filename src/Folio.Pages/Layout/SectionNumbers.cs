using System.Text.RegularExpressions;

namespace Folio.Pages.Layout;

/// <summary>
/// The one grammar of the labels that number headings, contents lines and list entries: a number path with or
/// without a closing full stop (<c>5</c>, <c>5.1</c>, <c>5.1.</c>), an appendix letter (<c>A</c>, <c>A.</c>), or an
/// enumerator in brackets (<c>(3)</c>, <c>3)</c>, <c>[4]</c>). Each question layout asks of a label is one pattern
/// built from these parts.
/// </summary>
internal static partial class SectionNumbers
{
    private const string NumberPath = @"(?<path>\d+(?:\.\d+)*)\.?";
    private const string Letter = "[A-Z]";
    private const string Enumerator = @"\(?\d+\)|\[\d+\]";
    private const string WordFollows = @"\s+\p{L}";

    /// <summary>Most parts a heading's number has (<c>1.2.3.4.5</c>).</summary>
    public const int MaxHeadingDepth = 5;

    /// <summary>
    /// Depth of the heading number a text starts with, a word after it (<c>2 Methods</c> → 1, <c>2.1 Data</c> → 2); 0
    /// when none. A heading's number has at most <see cref="MaxHeadingDepth"/> parts of one or two digits (<c>2024
    /// Report</c> starts with a year).
    /// </summary>
    public static int HeadingDepth(string text)
    {
        var match = HeadingStart().Match(text.TrimStart());
        if (!match.Success)
        {
            return 0;
        }

        var parts = match.Groups["path"].Value.Split('.');
        return parts.Length <= MaxHeadingDepth && parts.All(p => p.Length <= 2) ? parts.Length : 0;
    }

    /// <summary>Whether a text starts with any label of the grammar and a word after it: a contents line or a numbered entry (<c>3 Results</c>, <c>A Proofs</c>, <c>[4] Knuth</c>).</summary>
    public static bool StartsEntry(string text) => EntryStart().IsMatch(text);

    /// <summary>Whether a text is a bare label hanging beside a heading: a number path, or an appendix letter with its full stop (<c>5</c>, <c>5.1</c>, <c>A.</c>).</summary>
    public static bool IsBareLabel(string text) => BareLabel().IsMatch(text.Trim());

    [GeneratedRegex("^" + NumberPath + WordFollows)]
    private static partial Regex HeadingStart();

    [GeneratedRegex("^(?:" + NumberPath + "|" + Letter + @"\.?|" + Enumerator + ")" + WordFollows)]
    private static partial Regex EntryStart();

    [GeneratedRegex("^(?:" + NumberPath + "|" + Letter + @"\.)$")]
    private static partial Regex BareLabel();
}
