namespace Folio.Documents.Tests;

/// <summary>Words from glyphs in content order, on glyphs with known geometry (10 pt type, PDF frame: y up).</summary>
public sealed class ContentWordsTests
{
    /// <summary>A glyph of <paramref name="value"/> starting at (x, baseline), 5 pt wide unless told.</summary>
    private static TextLayerGlyph G(string value, double x, double baseline, double size = 10, double advance = 5) =>
        new(value, x, baseline, x + advance, baseline, size, (x, baseline - 2, x + advance, baseline + 7));

    [Fact]
    public void Kerned_raised_and_lowered_letters_make_one_word()
    {
        // The LaTeX logo: L, a small A raised and kerned back under L's shoulder, T, E lowered, X.
        var glyphs = new[] { G("L", 100, 700), G("A", 103, 702, size: 7, advance: 4), G("T", 106, 700), G("E", 110.5, 697.8), G("X", 115, 700) };
        var words = ContentWords.Group(glyphs);
        Assert.Equal("LATEX", ContentWords.Text(Assert.Single(words)));
    }

    [Fact]
    public void A_word_space_a_space_glyph_and_a_new_line_start_new_words()
    {
        var glyphs = new[]
        {
            G("a", 100, 700), G("b", 105, 700),
            G("c", 112, 700),                    // 2 pt gap: 0.2 em, a word space
            G(" ", 117, 700), G("d", 120, 700),  // a space glyph
            G("e", 100, 688),                    // the next line
        };
        Assert.Equal(["ab", "c", "d", "e"], ContentWords.Group(glyphs).Select(ContentWords.Text));
    }

    [Fact]
    public void Words_on_one_baseline_across_a_gutter_stay_apart_in_content_order()
    {
        // Left column's line, then the right column's line on the same baseline, 24 pt to the right.
        var glyphs = new[] { G("W", 100, 700), G("W", 105, 700), G("R", 134, 700), G("R", 139, 700) };
        var words = ContentWords.Group(glyphs).Select(w => ContentWords.ToWord(w, 792)).ToList();
        Assert.Equal(["WW", "RR"], words.Select(w => w.Text));
        Assert.Equal(792 - 708, words[0].Top, 3);
        Assert.Equal(792 - 698, words[0].Bottom, 3);
    }

    [Fact]
    public void A_word_box_keeps_the_baseline_of_its_largest_letters()
    {
        var word = ContentWords.Group([G("x", 100, 700), G("2", 105, 704, size: 7, advance: 3)]).Single();
        var box = ContentWords.ToWord(word, 800);
        Assert.Equal("x2", box.Text);
        Assert.Equal(800 - 708, box.Top, 3);
        Assert.Equal(108, box.Right, 3);
    }
}
