namespace Folio.Cli.Tests;

public class TraceSummaryTests
{
    [Fact]
    public void Format_gives_count_total_mean_median_and_max_per_span_in_order_of_first_appearance()
    {
        var text = TraceSummary.Format(
        [
            ("folio.prepare", 120, "t1"),
            ("folio.recognize_page", 1000, "t1"),
            ("folio.recognize_page", 3000, "t1"),
            ("folio.recognize_page", 2000, "t1"),
            ("folio.recognize_page", 10000, "t1"),
        ]);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("trace t1", lines[0]);
        Assert.StartsWith("folio.prepare", lines[2], StringComparison.Ordinal);
        Assert.Equal(["folio.recognize_page", "4", "16.00", "4000.0", "2500.0", "10000.0"], lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("(2 traces)", TraceSummary.Format([("a", 1, "t1"), ("a", 1, "t2")]), StringComparison.Ordinal);
    }
}
