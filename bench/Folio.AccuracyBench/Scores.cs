using Folio.Testing;

namespace Folio.AccuracyBench;

/// <summary>One reader's errors on one page under one condition, against the page's text layer.</summary>
internal sealed record Score(SourcePage Page, string Condition, string Reader, double Cer, double CerWithoutSpaces, double WordError)
{
    public static Score Of(SourcePage page, string condition, string reader, string text) =>
        new(page, condition, reader, TextMetrics.Cer(page.Truth, text), TextMetrics.CerWithoutSpaces(page.Truth, text), TextMetrics.WordError(page.Truth, text));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
