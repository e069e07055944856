using Folio.Ocr.Recognition;
using Folio.Pages.Layout;
using Folio.Pages.Text;

namespace Folio.Ocr.Tests;

public class RecognitionTests
{
    private static readonly string[] Alphabet = CtcDecoder.BuildAlphabet(["a", "b", "c"]);

    private static float[] OneHot(params int[] classes)
    {
        var probabilities = new float[classes.Length * Alphabet.Length];
        for (var t = 0; t < classes.Length; t++)
        {
            probabilities[(t * Alphabet.Length) + classes[t]] = 0.9f;
        }

        return probabilities;
    }

    [Fact]
    public void Alphabet_is_blank_then_dictionary_then_space()
    {
        Assert.Equal(["", "a", "b", "c", " "], Alphabet);
    }

    [Fact]
    public void Ctc_collapses_repeats_and_drops_blanks()
    {
        // a a _ a b b _ _ c space c
        var chars = CtcDecoder.Decode(OneHot(1, 1, 0, 1, 2, 2, 0, 0, 3, 4, 3), 11, Alphabet.Length, Alphabet);
        Assert.Equal("aabc c", string.Concat(chars.Select(c => c.Character)));
        Assert.Equal([0, 3, 4, 8, 9, 10], chars.Select(c => c.TimeStep).ToArray());
        Assert.Equal(0.9f, CtcDecoder.Confidence(chars), 4);
    }

    [Fact]
    public void Ctc_from_indices_matches_ctc_from_probabilities()
    {
        var chars = CtcDecoder.DecodeIndices([2, 2, 0, 2, 3], [0.5f, 0.6f, 0.9f, 0.7f, 0.8f], Alphabet);
        Assert.Equal("bbc", string.Concat(chars.Select(c => c.Character)));
        Assert.Equal((0.5f + 0.7f + 0.8f) / 3, CtcDecoder.Confidence(chars), 4);
        Assert.Equal(0f, CtcDecoder.Confidence([]));
    }

    [Fact]
    public void Batches_are_sorted_by_width_and_results_come_back_in_input_order()
    {
        float[] ratios = [9, 1, 5, 3, 7, 2, 8];
        var batches = BatchPlanner.Plan(ratios, 3);
        Assert.Equal([[1, 5, 3], [2, 4, 6], [0]], batches);
        // Each batch "recognises" its items as the ratio they had.
        var results = batches.Select(b => (IReadOnlyList<float>)b.Select(i => ratios[i]).ToList()).ToList();
        Assert.Equal(ratios, BatchPlanner.Restore(batches, results, ratios.Length));
    }

    [Theory]
    [InlineData(2.0f, 320)] // at least the model's 320
    [InlineData(10.0f, 480)] // 48 × 10
    [InlineData(10.1f, 512)] // 485 → next multiple of 32
    [InlineData(500f, 3200)] // capped
    public void Tensor_width_is_bucketed(float ratio, int expected)
    {
        Assert.Equal(expected, BatchPlanner.TensorWidth(ratio, 48, 320, 32, 3200));
    }

    [Theory]
    [InlineData("\uFB01le", "file")] // the fi ligature
    [InlineData("\uFF28\uFF45\uFF4C\uFF4C\uFF4F\uFF0C world\uFF01", "Hello, world!")] // full-width Latin
    [InlineData("\u4F60\u597D\uFF0C\u4E16\u754C\uFF01", "\u4F60\u597D\uFF0C\u4E16\u754C\uFF01")] // kept beside CJK
    [InlineData("seq(2\uFF1A10)", "seq(2:10)")]
    [InlineData("plain text", "plain text")]
    public void Text_is_folded_for_latin_readers_without_touching_cjk(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Lines_join_with_spaces_and_words_broken_by_a_hyphen_are_mended()
    {
        Assert.Equal("a recognition step", LineJoiner.JoinLines(["a recog-", "nition step"]));
        Assert.Equal("re- Use", LineJoiner.JoinLines(["re-", "Use"]));
        Assert.Equal("one two", LineJoiner.JoinLines(["one", " ", "two"]));
    }

    [Fact]
    public void Orientation_follows_the_page_majority()
    {
        Assert.Equal([false, false, false], OrientationVote.Apply([false, true, false]));
        Assert.Equal([true, true, false], OrientationVote.Apply([true, true, false]));
        Assert.Empty(OrientationVote.Apply([]));
    }
}
