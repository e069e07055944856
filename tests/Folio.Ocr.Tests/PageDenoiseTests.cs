using Folio.Pages.Imaging;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>Lines of a noisy scan are found on a median-filtered copy of the page and read from the page itself.</summary>
public sealed class PageDenoiseTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    [Fact]
    public void Speckle_goes_and_a_stroke_keeps_its_edges()
    {
        // White 20 × 12 page: single dark pixels at (3, 3) and (15, 9), a bar of ink in columns 8–11, mid-grey specks on it.
        const int W = 20, H = 12;
        var grey = new byte[W * H];
        Array.Fill(grey, (byte)255);
        for (var y = 0; y < H; y++)
        {
            for (var x = 8; x <= 11; x++)
            {
                grey[(y * W) + x] = 0;
            }
        }

        grey[(3 * W) + 3] = 0;
        grey[(9 * W) + 15] = 0;
        grey[(5 * W) + 9] = 128;

        var result = PageDenoise.Median3(Page(W, H, grey));

        byte At(int x, int y) => result.Bgra[4 * ((y * W) + x)];
        Assert.Equal(255, At(3, 3));
        Assert.Equal(255, At(15, 9));
        Assert.Equal(0, At(9, 5));
        Assert.All(Enumerable.Range(0, H), y =>
        {
            Assert.Equal(255, At(7, y));
            Assert.Equal(0, At(8, y));
            Assert.Equal(0, At(11, y));
            Assert.Equal(255, At(12, y));
        });
        Assert.All(Enumerable.Range(0, W * H), i => Assert.Equal(255, result.Bgra[(4 * i) + 3]));
    }

    [JournalOcrFact]
    public void A_degraded_two_column_page_with_a_narrow_gutter_keeps_its_columns()
    {
        // JACoW's sample: a 17-pixel gutter at 150 dpi, which the scan's grain bridges on the page as scanned.
        var (without, with) = DegradedPages.Cer(
            fixture.Engine,
            new OcrEngineOptions { ModelDirectory = RepoPaths.Models, DetectOnDenoisedPage = false },
            "/usr/share/doc/texlive-doc/latex/jacow/JACoW_LaTeX_A4.pdf",
            pageNumber: 2);
        output.WriteLine($"CER with lines found on the scan {TextMetrics.Percent(without)}, on the denoised copy {TextMetrics.Percent(with)}");

        Assert.True(with < without - 0.1, $"denoised {TextMetrics.Percent(with)}, scan {TextMetrics.Percent(without)}");
        Assert.True(with <= 0.2, $"CER {TextMetrics.Percent(with)}");
    }

    private static RasterImage Page(int width, int height, byte[] grey)
    {
        var bgra = new byte[width * height * 4];
        for (var i = 0; i < grey.Length; i++)
        {
            (bgra[4 * i], bgra[(4 * i) + 1], bgra[(4 * i) + 2], bgra[(4 * i) + 3]) = (grey[i], grey[i], grey[i], 255);
        }

        return new RasterImage(width, height, bgra);
    }
}
