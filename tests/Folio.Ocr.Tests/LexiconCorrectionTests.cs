using Folio.Documents;
using Folio.Ocr.Recognition;
using Folio.Pages.Text;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>Lexicon-aware decoding: unknown Latin words become known ones only where the model's own candidates spell them.</summary>
public sealed class LexiconCorrectionTests(ITestOutputHelper output)
{
    private const int K = 4;
    private static readonly string[] Alphabet = CtcDecoder.BuildAlphabet(["a", "c", "e", "f", "i", "n", "o", "r", "t", "u", "d", "l", "1", "(", ")"]);
    private static readonly Lexicon Words = new([new("function", 500), new("different", 800), new("fiction", 50), new("to", 100000), new("lo", 50), new("in", 40000), new("on", 30000)]);

    // One time step per entry: the candidates best first with their probabilities; "_" is the blank.
    private static (long[] Classes, float[] Probabilities) Steps(params (string Class, float P)[][] steps)
    {
        var classes = new long[steps.Length * K];
        var probabilities = new float[steps.Length * K];
        for (var t = 0; t < steps.Length; t++)
        {
            for (var m = 0; m < K; m++)
            {
                var (c, p) = m < steps[t].Length ? steps[t][m] : ("_", 0f);
                classes[(t * K) + m] = c == "_" ? 0 : Array.IndexOf(Alphabet, c);
                probabilities[(t * K) + m] = p;
            }
        }

        return (classes, probabilities);
    }

    private static string Decode((long[] Classes, float[] Probabilities) steps, LexiconCorrector? corrector)
    {
        var chars = CtcDecoder.DecodeIndices(steps.Classes, steps.Probabilities, Alphabet, K);
        return string.Concat((corrector?.Apply(chars, steps.Classes, steps.Probabilities, K) ?? chars).Select(c => c.Character));
    }

    [Fact]
    public void A_letter_the_model_gave_real_probability_turns_an_unknown_word_into_a_known_one()
    {
        // f u n e t i o n, with "c" the second candidate at the "e".
        var steps = Steps([("f", 0.9f)], [("u", 0.9f)], [("n", 0.9f)], [("e", 0.6f), ("c", 0.3f)], [("t", 0.9f)], [("i", 0.9f)], [("o", 0.9f)], [("n", 0.9f)]);
        Assert.Equal("funetion", Decode(steps, null));
        Assert.Equal("function", Decode(steps, new LexiconCorrector(Words, Alphabet)));
    }

    [Fact]
    public void Without_the_models_support_the_word_stays_as_read()
    {
        // The same word, but "c" has only 1 % at the "e": not evidence.
        var steps = Steps([("f", 0.9f)], [("u", 0.9f)], [("n", 0.9f)], [("e", 0.9f), ("c", 0.01f)], [("t", 0.9f)], [("i", 0.9f)], [("o", 0.9f)], [("n", 0.9f)]);
        Assert.Equal("funetion", Decode(steps, new LexiconCorrector(Words, Alphabet)));
    }

    [Fact]
    public void A_double_letter_merged_by_greedy_decoding_comes_back()
    {
        // d i f f e r e n t: the two f's on adjacent steps collapse into one.
        var steps = Steps([("d", 0.9f)], [("i", 0.9f)], [("f", 0.8f)], [("f", 0.7f)], [("e", 0.9f)], [("r", 0.9f)], [("e", 0.9f)], [("n", 0.9f)], [("t", 0.9f)]);
        Assert.Equal("diferent", Decode(steps, null));
        Assert.Equal("different", Decode(steps, new LexiconCorrector(Words, Alphabet)));
    }

    [Fact]
    public void A_rare_known_word_becomes_a_far_likelier_one_the_model_spelled_and_a_common_one_stays()
    {
        // "lo" for "to" (a degraded scan's t), with "t" the second candidate: 2 000 times rarer, so replaced.
        var lo = Steps([("l", 0.6f), ("t", 0.3f)], [("o", 0.9f)]);
        Assert.Equal("lo", Decode(lo, null));
        Assert.Equal("to", Decode(lo, new LexiconCorrector(Words, Alphabet)));

        // Without the model's support it stays; and "in" with "o" as likely stays "in": "on" is no likelier a word.
        Assert.Equal("lo", Decode(Steps([("l", 0.9f), ("t", 0.01f)], [("o", 0.9f)]), new LexiconCorrector(Words, Alphabet)));
        Assert.Equal("in", Decode(Steps([("i", 0.5f), ("o", 0.4f)], [("n", 0.9f)]), new LexiconCorrector(Words, Alphabet)));
    }

    [Fact]
    public void Words_with_digits_or_symbols_are_never_changed()
    {
        var steps = Steps([("f", 0.9f)], [("u", 0.9f)], [("n", 0.9f)], [("e", 0.6f), ("c", 0.3f)], [("1", 0.9f)], [("(", 0.9f)], [(")", 0.9f)]);
        Assert.Equal("fune1()", Decode(steps, new LexiconCorrector(Words, Alphabet)));
    }

    [RealPdfFact]
    public void R_code_lines_of_a_real_page_are_left_as_the_model_read_them()
    {
        // R-intro.pdf page 21 has five lines of R code; with and without the lexicon stage they read the same.
        var pdf = File.ReadAllBytes(RepoPaths.RealPdf!);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var page = document.RenderPage(20, 150);
        using var plain = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, LexiconCorrection = false, RecognitionWidthScale = 0.9f });
        using var corrected = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, LexiconCorrection = true, RecognitionWidthScale = 0.9f });
        var before = plain.Recognize(page, 21).Blocks.SelectMany(b => b.Lines).Select(l => l.Text).ToList();
        var after = corrected.Recognize(page, 21).Blocks.SelectMany(b => b.Lines).Select(l => l.Text).ToList();
        var code = before.Select((line, i) => (line, i)).Where(p => p.line.StartsWith('>')).ToList();
        output.WriteLine(string.Join('\n', code.Select(p => $"{p.line}  →  {after[p.i]}")));
        Assert.Equal(5, code.Count);
        Assert.All(code, p => Assert.Equal(p.line, after[p.i]));
        Assert.Contains("> attr(z, \"dim\") <- c(10,10)", after);
    }
}
