using Folio.Documents;

namespace Folio.AccuracyBench;

/// <summary>Tells one-column pages from multi-column ones by their text layer's words.</summary>
internal static class ColumnShape
{
    /// <summary>At least this share of lines crossing the middle makes a page one-column.</summary>
    public const double OneColumnShare = 0.4;

    /// <summary>
    /// The share of text lines (words grouped by their top, to 3 points) with a word across the middle of the
    /// page's text: near 1 for one column of prose, near 0 for two columns, whose gutter no word crosses.
    /// </summary>
    public static double SpanningShare(IReadOnlyList<TextLayerWord> words)
    {
        if (words.Count == 0)
        {
            return 0;
        }

        var middle = (words.Min(w => w.Left) + words.Max(w => w.Right)) / 2;
        var lines = words.GroupBy(w => (int)Math.Round(w.Top / 3)).ToList();
        var spanning = lines.Count(line => line.Any(w => w.Left < middle - 1 && w.Right > middle + 1));
        return (double)spanning / lines.Count;
    }

    /// <summary>A short label for the output: 1 column, 2+ columns, or mixed.</summary>
    public static string Label(double spanningShare) => spanningShare switch
    {
        >= OneColumnShare => "1col",
        < 0.15 => "2col",
        _ => "mixed",
    };
}
