using Folio.Ocr.Detection;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>Lines of two columns that grain bridged across the gutter come apart again instead of being dropped.</summary>
public sealed class RegionSplitTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    // A 120 × 30 map: two text lines side by side (rows 10–17, columns 5–55 and 62–115), one of them two rows lower
    // (as on a scan whose columns do not share baselines), joined across the gutter by a two-pixel thread at 0.8.
    private static float[] BridgedLines(bool bridge)
    {
        const int width = 120;
        var map = new float[width * 30];
        void Fill(int x0, int x1, int y0, int y1, float value)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    map[(y * width) + x] = value;
                }
            }
        }

        Fill(5, 55, 10, 17, 0.95f);
        Fill(62, 115, 12, 19, 0.95f);
        if (bridge)
        {
            Fill(56, 61, 14, 15, 0.8f);
        }

        return map;
    }

    [Fact]
    public void A_thread_between_two_lines_is_cut_and_the_lines_stay_whole()
    {
        var map = BridgedLines(bridge: true);
        RegionSplit.CutBridges(map, 120, 30, 0.3f);

        // The thread's columns (56–61, two pixels high against the lines' eight) are cleared; the lines are not.
        Assert.All(Enumerable.Range(56, 6), x => Assert.Equal(0f, map[(14 * 120) + x]));
        Assert.Equal(0.95f, map[(14 * 120) + 55]);
        Assert.Equal(0.95f, map[(14 * 120) + 62]);
        Assert.Equal(2, ConnectedRegions.Find(map, 120, 30, 0.3f, 10).Count);
    }

    [Fact]
    public void Bridged_lines_that_score_low_together_are_found_as_two_lines()
    {
        var bridged = BridgedLines(bridge: true);
        Assert.Single(ConnectedRegions.Find(bridged, 120, 30, 0.3f, 10));

        // Without a second look the joined region's box, two rows taller than a line, scores under 0.6 and is dropped.
        var dropped = DbPostprocess.FindQuads(bridged, 120, 30, 120, 30, new DbSettings { BoxThreshold = 0.85f, SplitThresholds = [] });
        var found = DbPostprocess.FindQuads(bridged, 120, 30, 120, 30, new DbSettings { BoxThreshold = 0.85f });
        var apart = DbPostprocess.FindQuads(BridgedLines(bridge: false), 120, 30, 120, 30, new DbSettings { BoxThreshold = 0.85f });

        Assert.Empty(dropped);
        Assert.Equal(2, found.Count);
        Assert.Equal(apart.Select(q => (q.MinX, q.MaxX)).Order(), found.Select(q => (q.MinX, q.MaxX)).Order());

        // Regions examined in parallel give the same quads in the same order, split parts included.
        var both = bridged.Concat(BridgedLines(bridge: false)).ToArray();
        var sequential = DbPostprocess.FindQuads(both, 120, 60, 120, 60, new DbSettings { BoxThreshold = 0.85f }, parallel: false);
        Assert.Equal(4, sequential.Count);
        Assert.Equal(sequential, DbPostprocess.FindQuads(both, 120, 60, 120, 60, new DbSettings { BoxThreshold = 0.85f }, parallel: true));
    }

    [JournalOcrFact]
    public void The_lines_grain_joined_across_a_narrow_gutter_are_read()
    {
        // JACoW's sample, scanned worse: on its third and fourth lines of body text the grain bridges the 17-pixel
        // gutter, and the two columns' lines made one region that scored too low and was dropped, four lines in all.
        var (truth, without, with) = DegradedPages.Read(
            fixture.Engine,
            new OcrEngineOptions { ModelDirectory = RepoPaths.Models, SplitJoinedLines = false },
            "/usr/share/doc/texlive-doc/latex/jacow/JACoW_LaTeX_A4.pdf",
            pageNumber: 2);
        double cerWithout = TextMetrics.Cer(truth, without), cerWith = TextMetrics.Cer(truth, with);
        output.WriteLine($"CER without {TextMetrics.Percent(cerWithout)}, with {TextMetrics.Percent(cerWith)}");

        string[] lines = ["postal addresses should be grouped", "as possible. Lettering in figures", "in 12 pt upper", "enough to reproduce clearly"];
        Assert.Contains(lines, line => !without.Contains(line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains(line, with, StringComparison.Ordinal));
        Assert.True(cerWith < cerWithout - 0.02, $"with {TextMetrics.Percent(cerWith)}, without {TextMetrics.Percent(cerWithout)}");
    }
}
