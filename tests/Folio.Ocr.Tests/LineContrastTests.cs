using Folio.Ocr.Recognition;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>Each line's contrast is stretched before it is read, so blurred and noisy scans read like clean ones.</summary>
public sealed class LineContrastTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    [Fact]
    public void Faded_ink_and_paper_are_spread_to_the_ends_of_the_range_in_grey()
    {
        // 100 pixels: 30 of ink at −0.2 (± 0.05), 70 of paper at 0.6 (± 0.05), as three planes.
        const int Plane = 100;
        var pixels = new float[3 * Plane];
        for (var i = 0; i < Plane; i++)
        {
            var level = (i < 30 ? -0.2f : 0.6f) + (((i % 5) - 2) * 0.025f);
            pixels[i] = level;
            pixels[Plane + i] = level;
            pixels[(2 * Plane) + i] = level;
        }

        CropSampler.StretchContrast(pixels, Plane);

        Assert.All(Enumerable.Range(0, 30), i => Assert.InRange(pixels[i], -1f, -0.75f));
        Assert.All(Enumerable.Range(30, 70), i => Assert.InRange(pixels[i], 0.75f, 1f));
        Assert.Equal(-1f, pixels.Min(), 2);
        Assert.Equal(1f, pixels.Max(), 2);
        Assert.All(Enumerable.Range(0, Plane), i => Assert.Equal(pixels[i], pixels[(2 * Plane) + i]));
    }

    [Fact]
    public void A_blank_strip_is_left_as_it_is()
    {
        var pixels = Enumerable.Range(0, 300).Select(i => 0.9f + ((i % 3) * 0.01f)).ToArray();
        var before = pixels.ToArray();

        CropSampler.StretchContrast(pixels, 100);

        Assert.Equal(before, pixels);
    }

    [JournalOcrFact]
    public void A_degraded_journal_page_reads_closer_to_its_text_with_the_contrast_of_each_line_stretched()
    {
        var (without, with) = DegradedPages.Cer(
            fixture.Engine,
            new OcrEngineOptions { ModelDirectory = RepoPaths.Models, StretchLineContrast = false },
            "/usr/share/doc/texlive-doc/latex/acmart/samples/sample-sigconf.pdf",
            pageNumber: 2);
        output.WriteLine($"CER without stretching {TextMetrics.Percent(without)}, with {TextMetrics.Percent(with)}");

        Assert.True(with < without - 0.003, $"with {TextMetrics.Percent(with)}, without {TextMetrics.Percent(without)}");
        Assert.True(with <= 0.045, $"CER {TextMetrics.Percent(with)}");
    }
}
