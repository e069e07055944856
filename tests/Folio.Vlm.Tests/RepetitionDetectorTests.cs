namespace Folio.Vlm.Tests;

public sealed class RepetitionDetectorTests
{
    private static string Times(string unit, int n) => string.Concat(Enumerable.Repeat(unit, n));

    [Fact]
    public void A_unit_repeated_to_the_end_is_found_with_its_period_count_and_start()
    {
        Assert.Equal(new Repetition(0, 3, 100), RepetitionDetector.Find(Times("abc", 100)));
        Assert.Equal(new Repetition(6, 13, 20), RepetitionDetector.Find("intro " + Times("<fcel>0<ecel>", 20)));
        Assert.Equal(new Repetition(0, 3, 100), RepetitionDetector.Find(Times("abc", 100) + "ab")); // a partial unit at the end is not counted
        Assert.Equal(320, RepetitionDetector.Find(Times("the ", 80))!.Value.Length);
    }

    [Fact]
    public void The_shortest_unit_is_reported()
    {
        Assert.Equal(new Repetition(0, 2, 150), RepetitionDetector.Find(Times("ab", 150)));
    }

    [Fact]
    public void Thresholds_on_characters_and_repeats_are_inclusive()
    {
        Assert.Null(RepetitionDetector.Find(Times("ab", 119))); // 238 characters < 240
        Assert.Equal(120, RepetitionDetector.Find(Times("ab", 120))!.Value.Repeats); // 240
        Assert.Null(RepetitionDetector.Find(Times("xyz", 11), minRepeats: 12, minChars: 0));
        Assert.Equal(12, RepetitionDetector.Find(Times("xyz", 12), minRepeats: 12, minChars: 0)!.Value.Repeats);
        Assert.Null(RepetitionDetector.Find(Times("0123456789", 30), maxPeriod: 9)); // the unit is longer than allowed
        Assert.Equal(10, RepetitionDetector.Find(Times("0123456789", 30), maxPeriod: 10)!.Value.Period);
    }

    [Fact]
    public void Prose_leaders_rules_and_a_short_run_of_empty_cells_are_not_loops()
    {
        const string prose = "R is an integrated suite of software facilities for data manipulation, calculation and graphical display. "
            + "Among other things it has an effective data handling and storage facility, a suite of operators for calculations "
            + "on arrays, in particular matrices, and a large, coherent, integrated collection of intermediate tools for data analysis.";
        Assert.Null(RepetitionDetector.Find(prose));
        Assert.Null(RepetitionDetector.Find("Contents " + Times(".", 400) + " 3"));
        Assert.Null(RepetitionDetector.Find(Times("-", 300) + Times(" ", 300)));
        Assert.Null(RepetitionDetector.Find("<fcel>Name" + Times("<ecel>", 30) + "<nl>")); // 180 characters of empty cells
        Assert.False(RepetitionDetector.IsLoop(string.Empty));
    }
}
