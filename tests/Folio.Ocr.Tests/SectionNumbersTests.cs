using Folio.Pages.Layout;

namespace Folio.Ocr.Tests;

/// <summary>The one grammar of section, contents and entry labels, asked its three questions.</summary>
public sealed class SectionNumbersTests
{
    [Theory]
    [InlineData("2 Methods", 1)]
    [InlineData("2.1 Data", 2)]
    [InlineData("2.1. Data", 2)]
    [InlineData("  1.2.3.4.5 Deep", 5)]
    [InlineData("1.2.3.4.5.6 Too deep", 0)]
    [InlineData("2024 Report", 0)]
    [InlineData("1.234 Ratio", 0)]
    [InlineData("1.5x faster", 0)]
    [InlineData("A Proofs", 0)]
    [InlineData("(3) Item", 0)]
    [InlineData("2.1.Data", 0)]
    public void A_heading_number_has_one_or_two_digit_parts_and_a_word_after_it(string text, int depth) =>
        Assert.Equal(depth, SectionNumbers.HeadingDepth(text));

    [Theory]
    [InlineData("3 Results", true)]
    [InlineData("2024 Report", true)]
    [InlineData("A Proofs", true)]
    [InlineData("A. Proofs", true)]
    [InlineData("(3) Item", true)]
    [InlineData("3) Item", true)]
    [InlineData("[4] Knuth", true)]
    [InlineData("a Proofs", false)]
    [InlineData("3", false)]
    [InlineData("Results 3", false)]
    public void An_entry_starts_with_any_label_and_a_word(string text, bool entry) =>
        Assert.Equal(entry, SectionNumbers.StartsEntry(text));

    [Theory]
    [InlineData("5", true)]
    [InlineData(" 5.1 ", true)]
    [InlineData("5.1.", true)]
    [InlineData("123", true)]
    [InlineData("A.", true)]
    [InlineData("A", false)]
    [InlineData("(3)", false)]
    [InlineData("5 Results", false)]
    public void A_bare_label_is_a_number_path_or_an_appendix_letter_with_its_stop(string text, bool label) =>
        Assert.Equal(label, SectionNumbers.IsBareLabel(text));
}
