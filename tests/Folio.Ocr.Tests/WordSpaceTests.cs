using Folio.Documents;
using Folio.Ocr.Recognition;
using Folio.Pages.Text;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>
/// Word-space recovery: the recognizer drops spaces on blurred Latin text; the blank columns of the line crop, with the
/// lexicon for doubtful gaps, put them back.
/// </summary>
public sealed class WordSpaceTests(ITestOutputHelper output)
{
    // Two lines of a degraded scan of R-intro.pdf page 21 (rendered at 100 dpi, turned 1.2°, blurred, noise added,
    // JPEG quality 35): the heading "3.3 Getting and setting attributes" and the line below it.
    private static string DegradedLines => Path.Combine(RepoPaths.Root, "tests", "data", "scans", "degraded-r-intro-p21-lines.png");

    private static readonly Lazy<Lexicon> Words = new(() => Lexicon.Load(Path.Combine(RepoPaths.Models, Runtime.ModelFiles.WordFrequencies)));

    [ModelsFact]
    public void Spaces_the_model_leaves_out_of_a_real_degraded_line_come_back_and_words_follow_them()
    {
        var bytes = File.ReadAllBytes(DegradedLines);
        var without = Read(bytes, recoverSpaces: false);
        var with = Read(bytes, recoverSpaces: true);
        output.WriteLine($"without: {string.Join(" | ", without.Select(l => l.Text))}");
        output.WriteLine($"with:    {string.Join(" | ", with.Select(l => l.Text))}");

        // The model alone runs words together on this scan: the test would prove nothing otherwise.
        Assert.Contains(without, l => l.Text.Contains("Gettingand", StringComparison.Ordinal) || l.Text.Contains("returnsa", StringComparison.Ordinal));

        var heading = Assert.Single(with, l => l.Text.StartsWith("3.3", StringComparison.Ordinal));
        Assert.Equal("3.3 Getting and setting attributes", heading.Text);
        var body = Assert.Single(with, l => l.Text.StartsWith("The function", StringComparison.Ordinal));
        Assert.Contains("returns a list of all the", body.Text, StringComparison.Ordinal);
        Assert.Contains("attributes currently", body.Text, StringComparison.Ordinal);

        // Each word has its own box, left to right, inside the line.
        var words = body.Words.ToList();
        Assert.Equal(body.Text.Split(' ').Length, words.Count);
        Assert.All(words.Zip(words.Skip(1)), pair => Assert.True(pair.First.Bbox.Left < pair.Second.Bbox.Left));
    }

    [RealPdfFact]
    public void Lines_of_a_clean_page_that_the_model_spaced_right_are_unchanged_and_the_page_reads_closer_to_its_text()
    {
        var pdf = File.ReadAllBytes(RepoPaths.RealPdf!);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var page = document.RenderPage(20, 150);
        var truth = TextMetrics.Collapse(PdfTextLayer.ReadText(pdf, 20));
        using var plain = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, RecoverWordSpaces = false, RecognitionWidthScale = 0.9f });
        using var spaced = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, RecoverWordSpaces = true, RecognitionWidthScale = 0.9f });
        var before = plain.Recognize(page, 21).Blocks.SelectMany(b => b.Lines).Select(l => l.Text).ToList();
        var after = spaced.Recognize(page, 21).Blocks.SelectMany(b => b.Lines).Select(l => l.Text).ToList();
        Assert.Equal(before.Count, after.Count);
        foreach (var (a, b) in before.Zip(after).Where(p => p.First != p.Second))
        {
            output.WriteLine($"{a}\n{b}\n");
        }

        // A line the model read exactly as the text layer has it keeps every character, spaces included.
        var right = before.Select((line, i) => (line, i)).Where(p => p.line.Length >= 20 && truth.Contains(p.line, StringComparison.Ordinal)).ToList();
        Assert.True(right.Count >= 20, $"only {right.Count} lines read right");
        Assert.All(right, p => Assert.Equal(p.line, after[p.i]));

        var cerBefore = TextMetrics.Cer(truth, string.Join(' ', before));
        var cerAfter = TextMetrics.Cer(truth, string.Join(' ', after));
        output.WriteLine($"CER without {TextMetrics.Percent(cerBefore)}, with {TextMetrics.Percent(cerAfter)}");
        Assert.True(cerAfter <= cerBefore);
    }

    [Fact]
    public void Wide_gaps_become_spaces_narrow_ones_never_and_model_spaces_stay()
    {
        var spacer = new WordSpacer(new Lexicon([new("it", 1000), new("is", 1000), new("possible", 100)]));
        // "It is possible" read as "Itispossible": letter gaps 1-3 px, word gaps 12 px.
        var chars = Chars("Itispossible");
        float[] gaps = [2, 12, 1, 12, 1, 2, 1, 3, 2, 1, 2];
        Assert.Equal("It is possible", Text(spacer.Apply(chars, gaps)));

        // The model's own space is kept even where the gap is narrow; no new one at narrow gaps.
        var spaced = Chars("ab cd");
        Assert.Equal("ab cd", Text(spacer.Apply(spaced, [1, 2, 1])));
    }

    [Fact]
    public void Doubtful_gaps_are_split_only_where_the_lexicon_prefers_the_words()
    {
        var spacer = new WordSpacer(new Lexicon([new("their", 3000), new("use", 2000), new("the", 90000), new("lapply", 1)]));
        // Gaps of 7 px are doubtful when the line gives no spaces of its own (6 to 10 px).
        Assert.Equal("their use", Text(spacer.Apply(Chars("theiruse"), [1, 1, 1, 1, 7, 1, 1])));
        // "lapply" is a known identifier: a doubtful gap inside it does not split it into "lap ply".
        Assert.Equal("lapply", Text(spacer.Apply(Chars("lapply"), [1, 1, 7, 1, 1])));
    }

    [Fact]
    public void Nothing_is_inserted_next_to_cjk_text_or_inside_numbers()
    {
        var spacer = new WordSpacer(new Lexicon([new("the", 10)]));
        Assert.Equal("中文文本", Text(spacer.Apply(Chars("中文文本"), [15, 15, 15])));
        Assert.Equal("a中", Text(spacer.Apply(Chars("a中"), [15])));
        Assert.Equal("1000", Text(spacer.Apply(Chars("1000"), [15, 15, 15])));
        Assert.Equal("end. The", Text(spacer.Apply(Chars("end.The"), [1, 1, 1, 15, 1, 1])));
        Assert.Equal("f(x)", Text(spacer.Apply(Chars("f(x)"), [1, 15, 15])));
        // Monospaced URLs show wide gaps around their punctuation.
        const string Url = "https://www.r-project.org";
        float[] urlGaps = [.. Url.Zip(Url.Skip(1), (a, b) => char.IsLetter(a) && char.IsLetter(b) ? 2f : 15f)];
        Assert.Equal(Url, Text(spacer.Apply(Chars(Url), urlGaps)));
        // R's assignment arrow is not a hyphen inside a name: "x<-3" read with wide gaps becomes "x <- 3".
        Assert.Equal("x <- 3", Text(spacer.Apply(Chars("x<-3"), [15, 1, 15])));
    }

    [Fact]
    public void A_thin_space_between_a_number_and_its_unit_comes_back_and_a_letter_gap_there_stays_shut()
    {
        var spacer = new WordSpacer(new Lexicon([new("the", 10)]));

        // Model spaces of 12 px on the line make 5.4 doubtful and 8.4 wide: the thin space of "37 mm" measures 7.
        Assert.Equal("is 37 mm wide", Text(spacer.Apply(Chars("is 37mm wide"), [2, 12, 2, 7, 2, 12, 2, 2, 2])));
        Assert.Equal("(21.0 cm;", Text(spacer.Apply(Chars("(21.0cm;"), [2, 2, 2, 2, 7, 2, 2])));
        Assert.Equal("at 5 GeV.", Text(spacer.Apply(Chars("at 5GeV."), [2, 12, 7, 2, 2, 2])));

        // Letter spacing between them, a unit that goes on into a word, a letter that is no unit: no space.
        Assert.Equal("is 37mm wide", Text(spacer.Apply(Chars("is 37mm wide"), [2, 12, 2, 2, 2, 12, 2, 2, 2])));
        Assert.Equal("a 2mmHg b", Text(spacer.Apply(Chars("a 2mmHg b"), [12, 7, 2, 2, 2, 12])));
        Assert.Equal("the 3rd one", Text(spacer.Apply(Chars("the 3rd one"), [2, 2, 12, 7, 2, 12, 2, 2])));
    }

    [Fact]
    public void Thresholds_follow_the_spaces_the_model_gave()
    {
        Assert.Equal((GapThresholds.DefaultDoubtfulGap, GapThresholds.DefaultSpaceGap), GapThresholds.Thresholds([14]));
        var (doubtful, wide) = GapThresholds.Thresholds([20, 22, 24]);
        Assert.Equal(0.45f * 22, doubtful, 3);
        Assert.Equal(0.7f * 22, wide, 3);
    }

    [Fact]
    public void Letters_of_typewriter_type_set_in_wide_cells_are_not_split_and_its_word_spaces_still_are()
    {
        var spacer = new WordSpacer(new Lexicon([new("http", 50), new("www", 50), new("journals", 300), new("org", 100), new("our", 9000)]));

        // A web address in typewriter type, tightly boxed: every gap between its letters 16 px or more (the default
        // space width is 10), none given a space by the model.
        var url = "http://www.journals.org/our";
        float[] gaps = [.. url.Skip(1).Select((c, i) => c is '/' or '.' || url[i] is '/' or '.' ? 24f : 16f)];
        Assert.Equal(url, Text(spacer.Apply(Chars(url), gaps)));
        Assert.Equal((1.6f * 16, 2.25f * 16), GapThresholds.ForLetterPitch((GapThresholds.DefaultDoubtfulGap, GapThresholds.DefaultSpaceGap), gaps));

        // The same type with a word space (a cell and a letter gap, 40 px) keeps it; proportional type with its
        // letters close together keeps the default thresholds.
        Assert.Equal("our journals", Text(spacer.Apply(Chars("ourjournals"), [16, 16, 40, 16, 16, 16, 16, 16, 16, 16])));
        Assert.Equal("our journals", Text(spacer.Apply(Chars("ourjournals"), [2, 2, 12, 2, 2, 2, 2, 2, 2, 2])));
        Assert.Equal((GapThresholds.DefaultDoubtfulGap, GapThresholds.DefaultSpaceGap), GapThresholds.ForLetterPitch((GapThresholds.DefaultDoubtfulGap, GapThresholds.DefaultSpaceGap), [2, 2, 12, 2, 2, 2, 2, 2, 2, 2]));
    }

    [Fact]
    public void A_web_address_in_typewriter_type_within_a_line_of_prose_is_not_split_between_its_letters()
    {
        var spacer = new WordSpacer(new Lexicon([new("see", 900), new("the", 90000), new("site", 400), new("now", 900), new("www", 50), new("jsme", 1)]));

        // "see the site (https://www.jsme.or.jp/) now": the prose's letters 2 px apart and its spaces, which the model
        // gave, 12 px; the address's letters 16 px apart and 24 px around its punctuation, no space given in it.
        const string url = "(https://www.jsme.or.jp/)";
        float[] urlGaps = [.. url.Skip(1).Select((c, i) => c is '/' or '.' or ':' || url[i] is '/' or '.' or ':' ? 24f : 16f)];
        var line = Chars("see the site " + url + " now");
        float[] gaps = [2, 2, 12, 2, 2, 12, 2, 2, 2, 12, .. urlGaps, 12, 2, 2];
        Assert.Equal("see the site " + url + " now", Text(spacer.Apply(line, gaps)));

        // Tabular digits stand as far apart as typewriter letters; the thin space before the unit stays.
        Assert.Equal("paper of 11.69 in height", Text(spacer.Apply(Chars("paper of 11.69in height"), [2, 2, 2, 2, 12, 2, 12, 8, 6, 6, 8, 8, 2, 12, 2, 2, 2, 2, 2])));

        // Proportional letters run together keep the line's thresholds: the word space inside the run comes back.
        Assert.Equal("see the site now", Text(spacer.Apply(Chars("see the sitenow"), [2, 2, 12, 2, 2, 12, 2, 2, 2, 12, 2, 2])));
    }

    [Fact]
    public void Column_ink_finds_the_blank_run_between_two_characters()
    {
        // 4 rows × 12 columns; ink (−1) in columns 0-2 and 9-11, paper (+1) between.
        const int Height = 4, Width = 12;
        var plane = new float[Height * Width];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                plane[(y * Width) + x] = x is <= 2 or >= 9 ? -1f : 1f;
            }
        }

        var ink = InkGaps.ColumnInk(plane, Height, Width, Width);
        Assert.Equal(1f, ink[0]);
        Assert.Equal(0f, ink[5]);
        // Characters at time steps 0 and 2 of width 4 px: centres at 2 and 10, six blank columns between.
        Assert.Equal([6f], InkGaps.Between([0, 2], ink, 4f));
    }

    [Fact]
    public void A_gap_that_noise_widened_inside_a_known_word_does_not_split_it_into_a_non_word()
    {
        var spacer = new WordSpacer(new Lexicon([new("new", 500), new("information", 300), new("here", 400), new("getting", 200), new("and", 9000), new("et", 50)]));
        // Letter gaps 2, the model's spaces 12: wide is from 8.4. Noise widened r|m in "information" to 10.
        float[] gaps = [2, 2, 12, 2, 2, 2, 2, 10, 2, 2, 2, 2, 2, 12, 2, 2, 2];
        Assert.Equal("new information here", Text(spacer.Apply(Chars("new information here"), gaps)));

        // A gap as wide still splits where the run is no word: two words, or a name and a word.
        Assert.Equal("new Getting and here", Text(spacer.Apply(Chars("new Gettingand here"), [2, 2, 12, 2, 2, 2, 2, 2, 2, 10, 2, 2, 12, 2, 2, 2])));
        Assert.Equal("new Trovato et here", Text(spacer.Apply(Chars("new Trovatoet here"), [2, 2, 12, 2, 2, 2, 2, 2, 2, 10, 2, 12, 2, 2, 2])));

        // A gap as wide as the model's spaces is a space whatever the words.
        Assert.Equal("new infor mation here", Text(spacer.Apply(Chars("new information here"), [2, 2, 12, 2, 2, 2, 2, 12, 2, 2, 2, 2, 2, 12, 2, 2, 2])));
    }

    [Fact]
    public void A_model_space_at_a_letter_gap_inside_a_known_word_is_removed()
    {
        var spacer = new WordSpacer(new Lexicon([new("about", 20000), new("whether", 5000), new("whet", 5), new("her", 20000), new("it", 30000), new("is", 30000), new("into", 3000), new("in", 40000), new("to", 40000)]));
        // "about whether it is" read by the model as "about whet her it is": its spaces 12 px wide, but t|h only 5.
        float[] gaps = [2, 2, 2, 2, 12, 2, 2, 2, 5, 2, 2, 12, 2, 12, 2];
        Assert.Equal("about whether it is", Text(spacer.Apply(Chars("about whet her it is"), gaps)));

        // As wide as the line's other spaces, the model's space stays.
        float[] wide = [2, 2, 2, 2, 12, 2, 2, 2, 12, 2, 2, 12, 2, 12, 2];
        Assert.Equal("about whet her it is", Text(spacer.Apply(Chars("about whet her it is"), wide)));

        // A narrow space between two words that make no word when joined stays ("it is", not "itis"); two common
        // words are not joined into a less likely one ("in to" stays).
        float[] narrow = [2, 2, 2, 2, 12, 2, 5, 2, 12, 2, 12, 2];
        Assert.Equal("about it is it is", Text(spacer.Apply(Chars("about it is it is"), narrow)));
        Assert.Equal("about in to it is", Text(spacer.Apply(Chars("about in to it is"), narrow)));

        // With fewer than three spaces of its own the line says nothing about their width: every one stays.
        Assert.Equal("whet her", Text(spacer.Apply(Chars("whet her"), [2, 2, 2, 5, 2, 2])));
    }

    [Fact]
    public void A_model_space_narrower_than_the_lines_spaces_that_leaves_a_non_word_is_removed_when_the_letters_make_a_known_word()
    {
        var spacer = new WordSpacer(new Lexicon([new("article", 900), new("with", 30000), new("wit", 40), new("just", 9000), new("a", 90000), new("photo", 300), new("graphic", 40), new("photographic", 20), new("it", 30000), new("is", 30000)]));
        // "article with just a" read as "article wit h just a": its spaces 12 px wide, t|h 8 (two thirds of a space).
        float[] gaps = [2, 2, 2, 2, 2, 2, 12, 2, 2, 8, 12, 2, 2, 2, 12];
        Assert.Equal("article with just a", Text(spacer.Apply(Chars("article wit h just a"), gaps)));

        // Nearly as wide as the line's spaces (11 of 12), the model's space stays.
        float[] nearlyWide = [2, 2, 2, 2, 2, 2, 12, 2, 2, 11, 12, 2, 2, 2, 12];
        Assert.Equal("article wit h just a", Text(spacer.Apply(Chars("article wit h just a"), nearlyWide)));

        // Two known words stay apart at that width ("photo graphic"), and so do words that make no word ("it is").
        Assert.Equal("article photo graphic just a", Text(spacer.Apply(Chars("article photo graphic just a"), [2, 2, 2, 2, 2, 2, 12, 2, 2, 2, 2, 8, 2, 2, 2, 2, 2, 2, 12, 2, 2, 2, 12])));
        Assert.Equal("article it is just a", Text(spacer.Apply(Chars("article it is just a"), [2, 2, 2, 2, 2, 2, 12, 2, 8, 2, 12, 2, 2, 2, 12])));

        // A short run is too often a word by chance ("from α to ω" read "to o"): under four letters the space stays.
        var shortWords = new WordSpacer(new Lexicon([new("article", 900), new("to", 40000), new("too", 9000), new("just", 9000), new("a", 90000)]));
        Assert.Equal("article to o just a", Text(shortWords.Apply(Chars("article to o just a"), [2, 2, 2, 2, 2, 2, 12, 2, 8, 12, 2, 2, 2, 12])));
    }

    private static List<DecodedChar> Chars(string text) => [.. text.Select((c, i) => new DecodedChar(c.ToString(), i * 3, 0.9f))];

    private static string Text(IEnumerable<DecodedChar> chars) => string.Concat(chars.Select(c => c.Character));

    private static List<Contracts.Line> Read(byte[] image, bool recoverSpaces)
    {
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, RecoverWordSpaces = recoverSpaces, RecognitionWidthScale = 0.9f });
        using var document = DocumentOpener.Open(image, DocumentLimits.Default);
        return [.. engine.Recognize(document.RenderPage(0, 100), 1).Blocks.SelectMany(b => b.Lines)];
    }
}
