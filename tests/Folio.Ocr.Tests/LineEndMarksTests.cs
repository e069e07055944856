using Folio.Documents;
using Folio.Ocr.Recognition;
using Folio.Ocr.Runtime;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;
using Folio.Pages.Layout;
using Folio.Pages.Text;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>A line's last mark, full stop or comma, chosen by the next line of its paragraph where the model gave both.</summary>
public sealed class LineEndMarksTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    [Fact]
    public void The_next_lines_first_word_chooses_between_the_full_stop_and_the_comma()
    {
        Assert.Equal("source is compiled,", LineEndMarks.Choose("source is compiled.", ',', "these commands and their"));
        Assert.Equal("a journal article [2],", LineEndMarks.Choose("a journal article [2].", ',', "an enumerated one"));
        Assert.Equal("meeting the requirements.", LineEndMarks.Choose("meeting the requirements,", '.', "The text of the abstract"));

        // No alternative from the model, or the next word agrees with the mark read: as read.
        Assert.Equal("source is compiled.", LineEndMarks.Choose("source is compiled.", null, "these commands"));
        Assert.Equal("source is compiled.", LineEndMarks.Choose("source is compiled.", ',', "These commands"));
        Assert.Equal("meeting the requirements,", LineEndMarks.Choose("meeting the requirements,", '.', "the text"));

        // An abbreviation or a dotted name keeps its full stop; a comma before a word of capitals or an initial stays.
        Assert.Equal("Trovato et al.", LineEndMarks.Choose("Trovato et al.", ',', "who wrote"));
        Assert.Equal("units as in the U.S.", LineEndMarks.Choose("units as in the U.S.", ',', "and elsewhere"));
        Assert.Equal("ACM, New York,", LineEndMarks.Choose("ACM, New York,", '.', "NY, USA"));
        Assert.Equal("Smith,", LineEndMarks.Choose("Smith,", '.', "J. and others"));
    }

    [Fact]
    public void A_hyphen_read_as_a_full_stop_or_a_comma_at_a_line_end_comes_back_before_a_small_letter()
    {
        // Blur shrinks a line-end hyphen to a dot: "ref." over "erence" is "ref-" over "erence".
        Assert.Equal("the ref-", LineEndMarks.Choose("the ref.", '-', "erence list"));
        Assert.Equal("as an ex-", LineEndMarks.Choose("as an ex,", '-', "ample of"));

        // Before a capital, after a digit or with no hyphen from the model: as read.
        Assert.Equal("the end.", LineEndMarks.Choose("the end.", '-', "The next"));
        Assert.Equal("page 12.", LineEndMarks.Choose("page 12.", '-', "then"));
        Assert.Equal("the ref.", LineEndMarks.Choose("the ref.", null, "erence list"));
    }

    [Fact]
    public void A_paragraphs_lines_get_the_chosen_mark_and_its_last_line_keeps_its_own()
    {
        // One paragraph of three full rows and a short last one; the model gave the other mark at each row's end.
        var rows = new[] { "the document source is compiled.", "these commands and their use are", "shown in the table below, and", "the end." };
        var lines = rows.Select((text, i) => LayoutTests.L(text, 100, 200 + (i * 28), i == 3 ? 200 : 470, 220 + (i * 28)) with
        {
            EndMarkAlternative = text[^1] == '.' ? ',' : text[^1] == ',' ? '.' : null,
        }).ToList();
        var block = Assert.Single(PageLayout.Build(lines, 1000, 1400));
        Assert.Equal("the document source is compiled, these commands and their use are shown in the table below, and the end.", block.Text);
        Assert.Equal("the document source is compiled,", block.Lines[0].Text);
        Assert.Equal("the end.", block.Lines[3].Text);

        // Without the alternative the layout keeps the marks read.
        var plain = Assert.Single(PageLayout.Build(lines.Select(l => l with { EndMarkAlternative = null }).ToList(), 1000, 1400));
        Assert.Equal(string.Join(' ', rows), plain.Text);
    }

    [Fact]
    public void The_model_gives_a_lines_last_mark_an_alternative_only_when_it_saw_the_other_one()
    {
        string[] alphabet = ["", ".", ",", "a", "t", "-"];
        char? Alternative(string text, string? second, float probability)
        {
            const int K = 2;
            var classes = new long[text.Length * K];
            var probabilities = new float[text.Length * K];
            for (var i = 0; i < text.Length; i++)
            {
                classes[i * K] = Array.IndexOf(alphabet, text[i].ToString());
                probabilities[i * K] = 1 - probability;
                if (second is not null && i == text.Length - 1)
                {
                    classes[(i * K) + 1] = Array.IndexOf(alphabet, second);
                    probabilities[(i * K) + 1] = probability;
                }
            }

            var chars = text.Select((c, i) => new DecodedChar(c.ToString(), i, probabilities[i * K])).ToList();
            return new LineEndMark(alphabet).Alternative(chars, classes, probabilities, K);
        }

        Assert.Equal(',', Alternative("at.", ",", 0.3f));
        Assert.Equal('.', Alternative("at,", ".", 0.3f));
        Assert.Null(Alternative("at.", ",", 0.05f));
        Assert.Null(Alternative("at.", null, 0));
        Assert.Null(Alternative("ta", ".", 0.3f));

        // A hyphen the model saw at the last mark after a letter is the alternative, before the other mark if likelier.
        Assert.Equal('-', Alternative("at.", "-", 0.3f));
        Assert.Equal('-', Alternative("at,", "-", 0.3f));
        Assert.Null(Alternative("at.", "-", 0.05f));
    }

    [JournalOcrFact]
    public void On_a_degraded_journal_page_the_next_lines_choose_the_marks_the_model_doubted()
    {
        // ACM's sample, page 3, scanned worse: lines read with the engine's own stages, laid out with and without the alternatives.
        const string path = "/usr/share/doc/texlive-doc/latex/acmart/samples/sample-sigconf.pdf";
        const int pageNumber = 3;
        var pdf = File.ReadAllBytes(path);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var scan = ScanDegradation.Apply(document.RenderPage(pageNumber - 1, 150));
        var page = fixture.Engine.Recognize(scan, pageNumber, dpi: 150);
        var quads = page.Blocks.SelectMany(b => b.Lines).Select(l => new Quad(P(l.Polygon[0]), P(l.Polygon[1]), P(l.Polygon[2]), P(l.Polygon[3]))).ToList();

        var options = new OcrEngineOptions { ModelDirectory = RepoPaths.Models };
        var lexicon = Lexicon.Load(Path.Combine(RepoPaths.Models, ModelFiles.WordFrequencies));
        using var recognizer = new Recognizer(new SessionFactory(options), Path.Combine(RepoPaths.Models, ModelFiles.Recognizer), Path.Combine(RepoPaths.Models, ModelFiles.Dictionary), 8, spacer: new WordSpacer(lexicon), lexicon: lexicon, repairTokens: true);
        var lines = recognizer.Recognize(scan, quads, stretchContrast: ImageNoise.Sigma(scan) >= options.StretchAboveNoiseSigma).Where(l => l.Text.Length > 0).ToList();
        string Text(IReadOnlyList<RecognizedLine> read) => RealPageTests.PlainText(page with { Blocks = PageLayout.Build(read, scan.Width, scan.Height, PageGraphics.From(scan)) });
        var with = Text(lines);
        var without = Text([.. lines.Select(l => l with { EndMarkAlternative = null })]);

        var truth = PdfTextLayer.ReadText(pdf, pageNumber - 1);
        double cerWith = TextMetrics.Cer(truth, with), cerWithout = TextMetrics.Cer(truth, without);
        var carried = lines.Count(l => l.EndMarkAlternative is not null);
        output.WriteLine($"{lines.Count} lines, {carried} with an alternative end mark; CER without {TextMetrics.Percent(cerWithout)}, with {TextMetrics.Percent(cerWith)}");
        Assert.True(carried >= 2, $"{carried} lines carried an alternative");
        Assert.True(cerWith < cerWithout, $"with {TextMetrics.Percent(cerWith)}, without {TextMetrics.Percent(cerWithout)}");
    }

    private static PointF P(Contracts.Point p) => new(p.X, p.Y);
}
