using Folio.Documents;
using Folio.Ocr.Detection;
using Folio.Pages.Geometry;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>Line boxes that reach into the line above or below are cut back to the middle of their overlap.</summary>
public sealed class LineOverlapTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    private static Quad Box(float x0, float y0, float x1, float y1, float rise = 0) =>
        new(new(x0, y0), new(x1, y0 - rise), new(x1, y1 - rise), new(x0, y1));

    [Fact]
    public void Two_lines_that_overlap_meet_at_the_middle_of_their_overlap()
    {
        // Footnote type: lines 16 px apart, boxes 24 px tall, so each takes in 8 px of the next.
        var quads = LineOverlap.Trim([Box(100, 100, 500, 124), Box(100, 116, 480, 140)]);

        Assert.Equal(100, quads[0].MinY);
        Assert.Equal(120, quads[0].MaxY, 3);
        Assert.Equal(120, quads[1].MinY, 3);
        Assert.Equal(140, quads[1].MaxY);
        Assert.Equal((100f, 500f), (quads[0].MinX, quads[0].MaxX));
    }

    [Fact]
    public void A_line_between_two_others_is_cut_on_both_sides()
    {
        var quads = LineOverlap.Trim([Box(100, 100, 500, 124), Box(100, 116, 500, 140), Box(100, 132, 500, 156)]);

        Assert.Equal((120f, 136f), (MathF.Round(quads[1].MinY, 3), MathF.Round(quads[1].MaxY, 3)));
        Assert.Equal(136, quads[2].MinY, 3);
    }

    [Fact]
    public void Lines_of_a_skewed_scan_are_compared_along_their_slope()
    {
        // Rising 10 px over 400 (1.4°): the axis-aligned extents overlap by 18 px, the lines themselves by 8 px.
        var quads = LineOverlap.Trim([Box(100, 100, 500, 124, rise: 10), Box(100, 116, 500, 140, rise: 10)]);

        // At the middle of the shared width (x = 300) the upper bottom edge is at 119, the lower top edge at 111:
        // both move 4 px, straight up and down, keeping their slope.
        Assert.Equal(120, quads[0].BottomLeft.Y, 3);
        Assert.Equal(110, quads[0].BottomRight.Y, 3);
        Assert.Equal(120, quads[1].TopLeft.Y, 3);
        Assert.Equal(110, quads[1].TopRight.Y, 3);
        Assert.Equal((100f, 90f), (quads[0].TopLeft.Y, quads[0].TopRight.Y));
    }

    [Fact]
    public void Lines_that_barely_touch_side_by_side_boxes_and_vertical_text_are_left_alone()
    {
        Quad[] apart = [Box(100, 100, 500, 124), Box(100, 126, 500, 150)];

        // Body text: boxes that overlap by an eighth of their height keep the margin the detector gave them.
        Quad[] touching = [Box(100, 100, 500, 124), Box(100, 121, 500, 145)];
        Quad[] columns = [Box(100, 100, 500, 124), Box(520, 110, 900, 134)];
        Quad[] vertical = [Box(100, 100, 124, 500), Box(100, 116, 140, 520)];

        // A box that barely shares the other's width (a tenth of it) is a neighbour's tail, not the line below.
        Quad[] corner = [Box(100, 100, 500, 124), Box(460, 116, 860, 140)];

        Assert.Equal(apart, LineOverlap.Trim(apart));
        Assert.Equal(touching, LineOverlap.Trim(touching));
        Assert.Equal(columns, LineOverlap.Trim(columns));
        Assert.Equal(vertical, LineOverlap.Trim(vertical));
        Assert.Equal(corner, LineOverlap.Trim(corner));
    }

    [Fact]
    public void A_box_covering_much_of_another_is_one_line_not_two()
    {
        // Centres 6 px apart against 24-px boxes: the detector's two boxes of one line (a split region), not neighbours.
        Quad[] same = [Box(100, 100, 500, 124), Box(300, 106, 700, 130)];

        Assert.Equal(same, LineOverlap.Trim(same));
    }

    [JournalOcrFact]
    public void The_authors_addresses_in_footnote_type_are_read_whole()
    {
        // ACM TOG's first page, a clean 150-dpi rendering: the authors' addresses are set in 7-pt type 16 px apart,
        // and each detected box took in a third of the lines above and below it. Read from those boxes, lines lost
        // most of their spaces and letters ("Iceandlarst@afflaonrgValriranger IiaPaisRoqunutqncourt").
        var pdfPath = "/usr/share/doc/texlive-doc/latex/acmart/samples/sample-acmtog.pdf";
        var pdf = File.ReadAllBytes(pdfPath);
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var page = document.RenderPage(0, 150);
        using var untrimmed = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, TrimLineOverlaps = false });
        var truth = PdfTextLayer.ReadText(pdf, 0);
        var without = RealPageTests.PlainText(untrimmed.Recognize(page, 1, dpi: 150));
        var with = RealPageTests.PlainText(fixture.Engine.Recognize(page, 1, dpi: 150));
        double cerWithout = TextMetrics.Cer(truth, without), cerWith = TextMetrics.Cer(truth, with);
        output.WriteLine($"CER without {TextMetrics.Percent(cerWithout)}, with {TextMetrics.Percent(cerWith)}");

        string[] lines = ["Valerie Beranger, Inria Paris-Rocquencourt, Rocquencourt, France", "Aparna Patel, Rajiv Gandhi University",
            "Tsinghua University, 30 Shuangqing Rd, Haidian Qu", "must be honored. Abstracting with credit is permitted"];
        Assert.All(lines, line => Assert.DoesNotContain(line, without, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains(line, with, StringComparison.Ordinal));
        Assert.True(cerWith < cerWithout - 0.02, $"with {TextMetrics.Percent(cerWith)}, without {TextMetrics.Percent(cerWithout)}");
    }
}
