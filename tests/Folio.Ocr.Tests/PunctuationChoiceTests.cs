using Folio.Ocr.Recognition;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>Punctuation the model doubted is chosen by its context (TeX braces, commas, typographic quotes), and full stops it lost are put back.</summary>
public sealed class PunctuationChoiceTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    // Class 0 is the blank; one character a time step, each with the candidates given.
    private static readonly string[] Alphabet = ["", "(", ")", "{", "}", ".", ",", "\\", "a", "c", "e", "i", "k", "t", "y", " ", "g", "l", "s", "w", "'", "’", "\"", "“", "”", "•", "·", "m", "*", "-", ":", ";", "f", "b", "n", "d", "r", "u", "o", "h", "_", "=", "^", "↓", "[", "]", "p", "x", "@"];
    private const int K = 4;

    [Fact]
    public void A_parenthesis_after_a_tex_control_word_is_a_brace_when_the_model_saw_one()
    {
        // "\cite(key)" with "{" and "}" the model's second choices.
        var line = Line("\\cite(key)", new() { [5] = "{", [9] = "}" });
        Assert.Equal("\\cite{key}", Choose(line));

        // Without "{" among the candidates nothing changes; nor without a control word before it.
        Assert.Equal("\\cite(key)", Choose(Line("\\cite(key)", [])));
        Assert.Equal("cite(key)", Choose(Line("cite(key)", new() { [4] = "{", [8] = "}" })));

        // After a closing brace: "\cite{a}(key)" → "\cite{a}{key}".
        Assert.Equal("\\cite{a}{key}", Choose(Line("\\cite{a}(key)", new() { [8] = "{", [12] = "}" })));

        // A parenthesis paired with a brace is the other brace, when the model gave it; a pair of parentheses is not.
        Assert.Equal("{et al.}", Choose(Line("{et al.)", new() { [7] = "}" })));
        Assert.Equal("cite{key}", Choose(Line("cite(key}", new() { [4] = "{" })));
        Assert.Equal("{et al.)", Choose(Line("{et al.)", [])));
        Assert.Equal("cite(key}", Choose(Line("cite(key}", [])));
        Assert.Equal("see (key)", Choose(Line("see (key)", new() { [4] = "{", [8] = "}" })));

        // A backslash read as "V" before a control word and its bracket, the model's second choice.
        Assert.Equal("\\cite{key}", Choose(Line("Vcite(key)", new() { [0] = "\\", [5] = "{", [9] = "}" })));
        Assert.Equal("Vcite(key)", Choose(Line("Vcite(key)", [])));
        // Alone or before a mark as before a bracket: "Vmaketitle," → "\maketitle,". A V the model read plainly, a
        // capital after the letters or a letter before the V: as read.
        Assert.Equal("\\cite", Choose(Line("Vcite", new() { [0] = "\\" }, alternative: 0.06f)));
        Assert.Equal("use \\maketitle, a", Choose(Line("use Vmaketitle, a", new() { [4] = "\\" }, alternative: 0.06f)));
        Assert.Equal("Very", Choose(Line("Very", new() { [0] = "\\" }, alternative: 0.03f)));
        Assert.Equal("VsectionThis", Choose(Line("VsectionThis", new() { [0] = "\\" })));
        Assert.Equal("aVery", Choose(Line("aVery", new() { [1] = "\\" })));
    }

    [Fact]
    public void A_full_stop_before_a_small_letter_is_a_comma_when_the_model_gave_one()
    {
        Assert.Equal("cat, that", Choose(Line("cat. that", new() { [3] = "," })));
        // A weak comma candidate, a capital after it, an abbreviation or a dotted name: the full stop stays.
        Assert.Equal("cat. that", Choose(Line("cat. that", new() { [3] = "," }, alternative: 0.05f)));
        Assert.Equal("cat. That", Choose(Line("cat. That", new() { [3] = "," })));
        Assert.Equal("et al. that", Choose(Line("et al. that", new() { [5] = "," })));
        Assert.Equal("e.g. this", Choose(Line("e.g. this", new() { [3] = "," })));
        Assert.Equal("U.S. style", Choose(Line("U.S. style", new() { [3] = "," })));

        // After a number or a closing bracket as after a word: "in 2017, a", "book [35], a", "(DE), the".
        Assert.Equal("in 2017, a", Choose(Line("in 2017. a", new() { [7] = "," })));
        Assert.Equal("book [35], a", Choose(Line("book [35]. a", new() { [9] = "," })));
        Assert.Equal("(DE), the", Choose(Line("(DE). the", new() { [4] = "," })));
        Assert.Equal("in 2017. a", Choose(Line("in 2017. a", new() { [7] = "," }, alternative: 0.05f)));
        Assert.Equal("book [35]. A", Choose(Line("book [35]. A", new() { [9] = "," })));

        // Two words joined by a full stop get the comma and its space back; file names, hosts and "i.e" keep their dot.
        Assert.Equal("cat, that", Choose(Line("cat.that", new() { [3] = "," })));
        Assert.Equal("cat.that", Choose(Line("cat.that", [])));
        Assert.Equal("cat.tex", Choose(Line("cat.tex", new() { [3] = "," })));
        Assert.Equal("www.cat", Choose(Line("www.cat", new() { [3] = "," })));
        Assert.Equal("i.e", Choose(Line("i.e", new() { [1] = "," })));

        // A comma between letters gets its space, except in a bracketed list.
        Assert.Equal("cat, that", Choose(Line("cat,that", [])));
        Assert.Equal("[cat,that]", Choose(Line("[cat,that]", [])));
    }

    [Fact]
    public void A_colon_before_a_small_letter_is_a_semicolon_when_the_model_gave_one_clearly()
    {
        Assert.Equal("the work; if", Choose(Line("the work: if", new() { [8] = ";" }, alternative: 0.2f)));
        Assert.Equal("in [24]; this", Choose(Line("in [24]: this", new() { [7] = ";" }, alternative: 0.2f)));

        // A weak candidate, a capital or the line's end after it, or an address: the colon stays.
        Assert.Equal("the work: if", Choose(Line("the work: if", new() { [8] = ";" }, alternative: 0.1f)));
        Assert.Equal("Figure 2: Example", Choose(Line("Figure 2: Example", new() { [8] = ";" }, alternative: 0.3f)));
        Assert.Equal("style:", Choose(Line("style:", new() { [5] = ";" }, alternative: 0.3f)));
        Assert.Equal("https://goo", Choose(Line("https://goo", new() { [5] = ";" }, alternative: 0.3f)));
    }

    [Fact]
    public void A_full_stop_the_model_gave_between_a_word_and_a_capital_is_put_back()
    {
        // "tile Tale": the model's second choice at the space's time step is a full stop.
        Assert.Equal("tile. Tale", Restore(Line("tile Tale", new() { [4] = "." })));
        Assert.Equal("see (a). Tale", Restore(Line("see (a) Tale", new() { [7] = "." })));

        // A weak candidate, none, a small letter after the space, or a mark before it: as read.
        Assert.Equal("tile Tale", Restore(Line("tile Tale", new() { [4] = "." }, alternative: 0.05f)));
        Assert.Equal("tile Tale", Restore(Line("tile Tale", [])));
        Assert.Equal("tile tale", Restore(Line("tile tale", new() { [4] = "." })));
        Assert.Equal("tile, Tale", Restore(Line("tile, Tale", new() { [5] = "." })));

        // At the line's end: the full stop, or the hyphen of a broken word when the model gave that more.
        var stop = Line("the tale_", new() { [8] = "." });
        var broken = Line("the ta_", new() { [6] = "-" });
        stop.Item1.RemoveAt(8);
        broken.Item1.RemoveAt(6);
        Assert.Equal("the tale.", Restore(stop));
        Assert.Equal("the ta-", Restore(broken));
    }

    [Fact]
    public void Quotes_and_bullets_the_model_gave_beside_a_word_are_put_back()
    {
        // The opening quote a second choice at the space before "key", the closing one at the space after it.
        Assert.Equal("a “key” at", Restore(Line("a key” at", new() { [1] = "“" })));
        Assert.Equal("a “key” at", Restore(Line("a “key at", new() { [6] = "”" })));
        Assert.Equal("a key at", Restore(Line("a key at", new() { [1] = "“" }, alternative: 0.05f)));

        // A middle dot that starts a line is a bullet; a bullet the model gave before the first word comes back.
        Assert.Equal("• item", Restore(Line("· item", [])));
        var bulleted = Line("_item", new() { [0] = "•" });
        bulleted.Item1.RemoveAt(0); // the "_" stands for the blank step the bullet lost to
        Assert.Equal("• item", Restore(bulleted));
        Assert.Equal("a · b", Restore(Line("a · b", [])));
    }

    [Fact]
    public void Straight_quotes_the_model_doubted_become_typographic_in_context()
    {
        // "table's" with ’ the second choice; "“key"" closing an opening “ with ” the second choice.
        Assert.Equal("table’s", Choose(Line("table's", new() { [5] = "’" })));
        Assert.Equal("a “key” at", Choose(Line("a “key\" at", new() { [6] = "”" })));

        // Not between letters, no ’ candidate, or no opening “ on the line: as read.
        Assert.Equal("'key'", Choose(Line("'key'", new() { [0] = "’", [4] = "’" })));
        Assert.Equal("table's", Choose(Line("table's", [])));
        Assert.Equal("a key\" at", Choose(Line("a key\" at", new() { [5] = "”" })));

        // An asterisk opening a word, an asterisk closing a quoted one: the quote the model gave. A straight quote
        // opening a word stays straight (code: attr(z, "dim")).
        Assert.Equal("a “key” at", Choose(Line("a *key* at", new() { [2] = "“", [6] = "”" })));
        Assert.Equal("a \"key\" at", Choose(Line("a \"key\" at", new() { [2] = "“", [6] = "”" })));
        Assert.Equal("a *key* at", Choose(Line("a *key* at", [])));
        Assert.Equal("a*key at", Choose(Line("a*key at", new() { [1] = "“" })));
    }

    [Fact]
    public void A_tex_group_the_model_gave_braces_for_is_closed_in_braces()
    {
        // "\end{abstract}" read "\endfabstract)", "\begin{table}" read "\begin↓table)": the brace the model gave at the
        // letter or arrow after the control word, and at the closing parenthesis nothing opened.
        Assert.Equal("\\end{abstract}", Choose(Line("\\endfabstract)", new() { [4] = "{", [13] = "}" })));
        Assert.Equal("\\begin{table}", Choose(Line("\\begin↓table)", new() { [6] = "{", [12] = "}" })));
        Assert.Equal("(\\ref{key})", Choose(Line("(\\reffkey))", new() { [5] = "{", [9] = "}" })));
        Assert.Equal("\\thanks{Institution}", Choose(Line("\\thanksfInstitution}", new() { [7] = "{" })));

        // Without either candidate, without a control word before the opener, or where the parenthesis closes what
        // the line opened: as read ("itself)", "(proof of itself)", "f(x)").
        Assert.Equal("\\endfabstract)", Choose(Line("\\endfabstract)", new() { [4] = "{" })));
        Assert.Equal("\\endfabstract)", Choose(Line("\\endfabstract)", new() { [13] = "}" })));
        Assert.Equal("itself)", Choose(Line("itself)", new() { [5] = "{", [6] = "}" })));
        Assert.Equal("(proof of itself)", Choose(Line("(proof of itself)", new() { [8] = "{", [16] = "}" })));
        Assert.Equal("a) of", Choose(Line("a) of", new() { [1] = "}", [4] = "{" })));
    }

    [Fact]
    public void A_letter_after_an_optional_argument_or_a_bib_entry_type_opens_a_group_when_the_model_gave_a_brace()
    {
        // "\\section[a]{key}" read "\\section[a]fkey}", "@article{key," read "@articlefkey,".
        Assert.Equal("\\section[a]{key}", Choose(Line("\\section[a]fkey}", new() { [11] = "{" })));
        Assert.Equal("@article{key,", Choose(Line("@articlefkey,", new() { [8] = "{" })));
        Assert.Equal("@book{..,", Choose(Line("@bookf..,", new() { [5] = "{" })));

        // No brace candidate, nothing closed, no bib entry's comma, or no "@" before the type: as read.
        Assert.Equal("\\section[a]fkey}", Choose(Line("\\section[a]fkey}", [])));
        Assert.Equal("[a]fkey", Choose(Line("[a]fkey", new() { [3] = "{" })));
        Assert.Equal("[1]fact) a", Choose(Line("[1]fact) a", new() { [3] = "{" })));
        Assert.Equal("@articlefkey", Choose(Line("@articlefkey", new() { [8] = "{" })));
        Assert.Equal("itself,", Choose(Line("itself,", new() { [5] = "{" })));
        Assert.Equal("a@itself,", Choose(Line("a@itself,", new() { [7] = "{" })));
    }

    [Fact]
    public void A_parenthesis_after_a_subscript_mark_or_before_a_control_word_opens_a_group_when_the_model_gave_a_brace()
    {
        Assert.Equal("S_{b}", Choose(Line("S_(b)", new() { [2] = "{", [4] = "}" })));
        Assert.Equal("x^{2}", Choose(Line("x^(2)", new() { [2] = "{", [4] = "}" })));
        Assert.Equal("venue={key}", Choose(Line("venue=(key)", new() { [6] = "{", [10] = "}" })));
        Assert.Equal("{\\bf bold}", Choose(Line("(\\bf bold)", new() { [0] = "{", [9] = "}" })));

        // No brace candidate, a function's argument, a mark before a space, prose in parentheses: as read.
        Assert.Equal("S_(b)", Choose(Line("S_(b)", [])));
        Assert.Equal("f(x)", Choose(Line("f(x)", new() { [1] = "{", [3] = "}" })));
        Assert.Equal("a = (b)", Choose(Line("a = (b)", new() { [4] = "{", [6] = "}" })));
        Assert.Equal("(see table)", Choose(Line("(see table)", new() { [0] = "{", [10] = "}" })));
    }

    [Fact]
    public void A_letter_the_model_doubted_for_a_backslash_starts_a_control_word_that_opens_a_group()
    {
        // "\email{key}" read "Nemail(key)", "\author{key}" read "lauthorfkey)", "\usepackage{x}" read "Ausepackagefx)",
        // "\begin{key}" read "(begin(key)": the backslash, then the group, as the model gave them.
        Assert.Equal("\\email{key}", Choose(Line("Nemail(key)", new() { [0] = "\\", [6] = "{", [10] = "}" })));
        Assert.Equal("\\author{key}", Choose(Line("lauthorfkey)", new() { [0] = "\\", [7] = "{", [11] = "}" })));
        Assert.Equal("\\usepackage{x}", Choose(Line("Ausepackagefx)", new() { [0] = "\\", [11] = "{", [13] = "}" })));
        Assert.Equal("\\begin{key}", Choose(Line("(begin(key)", new() { [0] = "\\", [6] = "{", [10] = "}" })));

        // Plain words: no backslash candidate, or no group after the word (Note, label, Author), or a parenthesis
        // the model did not doubt: as read.
        Assert.Equal("Nemail(key)", Choose(Line("Nemail(key)", new() { [6] = "{", [10] = "}" })));
        Assert.Equal("Note that", Choose(Line("Note that", new() { [0] = "\\" })));
        Assert.Equal("label it", Choose(Line("label it", new() { [0] = "\\" })));
        Assert.Equal("Author, a", Choose(Line("Author, a", new() { [0] = "\\" })));
        Assert.Equal("Author(s)", Choose(Line("Author(s)", new() { [0] = "\\" })));
        Assert.Equal("(see table)", Choose(Line("(see table)", new() { [0] = "\\", [10] = "}" })));
    }

    [JournalOcrFact]
    public void A_degraded_page_of_tex_examples_reads_its_braces_and_apostrophes()
    {
        // REVTeX's sample: \cite{key} and friends, typeset in a font whose braces blur into parentheses.
        var (truth, without, with) = DegradedPages.Read(
            fixture.Engine,
            new OcrEngineOptions { ModelDirectory = RepoPaths.Models, RepairTokens = false },
            "/usr/share/doc/texlive-doc/latex/revtex/sample/aps/apssamp.pdf",
            pageNumber: 2);
        double cerWithout = TextMetrics.Cer(truth, without), cerWith = TextMetrics.Cer(truth, with);
        int Count(string text, char c) => text.Count(x => x == c);
        output.WriteLine($"CER without {TextMetrics.Percent(cerWithout)}, with {TextMetrics.Percent(cerWith)}; braces {Count(truth, '{')} in the text layer, {Count(without, '{')} without, {Count(with, '{')} with");

        Assert.True(cerWith < cerWithout - 0.001, $"with {TextMetrics.Percent(cerWith)}, without {TextMetrics.Percent(cerWithout)}");
        Assert.True(Count(with, '{') >= Count(without, '{') + 5, $"braces {Count(with, '{')} with, {Count(without, '{')} without");
        Assert.True(Count(with, '{') <= Count(truth, '{'), "more braces than the page has");
        Assert.True(Count(with, '’') > Count(without, '’'), "typographic apostrophes");
    }

    private static string Restore((List<DecodedChar> Chars, long[] Classes, float[] Probabilities) line) =>
        string.Concat(new LostMarks(Alphabet).Apply(line.Chars, line.Classes, line.Probabilities, K).Select(c => c.Character));

    private static string Choose((List<DecodedChar> Chars, long[] Classes, float[] Probabilities) line) =>
        string.Concat(new PunctuationChoice(Alphabet).Apply(line.Chars, line.Classes, line.Probabilities, K).Select(c => c.Character));

    // Each character at its own time step, best class first (probability 1 − alternative), then the alternative given.
    private static (List<DecodedChar>, long[], float[]) Line(string text, Dictionary<int, string> alternatives, float alternative = 0.3f)
    {
        var chars = new List<DecodedChar>();
        var classes = new long[text.Length * K];
        var probabilities = new float[text.Length * K];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i].ToString();
            var own = Array.IndexOf(Alphabet, char.IsUpper(text[i]) ? c.ToLowerInvariant() : c);
            classes[i * K] = Math.Max(own, 0);
            probabilities[i * K] = alternatives.ContainsKey(i) ? 1 - alternative : 1;
            if (alternatives.TryGetValue(i, out var other))
            {
                classes[(i * K) + 1] = Array.IndexOf(Alphabet, other);
                probabilities[(i * K) + 1] = alternative;
            }

            chars.Add(new DecodedChar(c, i, probabilities[i * K]));
        }

        return (chars, classes, probabilities);
    }
}
