using Folio.Documents;
using Folio.Pages.Imaging;
using Folio.Testing;

namespace Folio.Ocr.Tests;

/// <summary>The page noise estimate that decides whether lines are stretched.</summary>
public sealed class ImageNoiseTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(12)]
    public void Grey_paper_with_gaussian_noise_measures_its_sigma(double sigma)
    {
        var random = new Random(7);
        const int W = 400, H = 300;
        var bgra = new byte[W * H * 4];
        for (var i = 0; i < W * H; i++)
        {
            var noise = sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var v = (byte)Math.Clamp(Math.Round(128 + noise), 0, 255);
            (bgra[4 * i], bgra[(4 * i) + 1], bgra[(4 * i) + 2], bgra[(4 * i) + 3]) = (v, v, v, 255);
        }

        Assert.InRange(ImageNoise.Sigma(new RasterImage(W, H, bgra)), sigma * 0.85, (sigma * 1.15) + 0.5);
    }

    [RealPdfFact]
    public void A_clean_rendering_is_quiet_and_the_same_page_scanned_with_grain_is_not()
    {
        using var document = DocumentOpener.Open(File.ReadAllBytes(RepoPaths.RealPdf!), DocumentLimits.Default);
        var page = document.RenderPage(10, 150);

        Assert.True(ImageNoise.Sigma(page) < 2, $"clean {ImageNoise.Sigma(page):F2}");
        Assert.True(ImageNoise.Sigma(ScanDegradation.Apply(page)) > 8, $"degraded {ImageNoise.Sigma(ScanDegradation.Apply(page)):F2}");
    }

    [RealPdfFact]
    public void Bands_read_side_by_side_give_the_same_value_as_one_pass()
    {
        using var document = DocumentOpener.Open(File.ReadAllBytes(RepoPaths.RealPdf!), DocumentLimits.Default);
        var clean = document.RenderPage(10, 150);
        var degraded = ScanDegradation.Apply(clean);

        // Heights of 128 sampled rows and more (banded), odd and even, and one too small to band.
        foreach (var page in new[] { clean, degraded, Crop(degraded, 517), Crop(degraded, 518), Crop(degraded, 200) })
        {
            var oneBand = ImageNoise.Sigma(page);
            Assert.Equal(oneBand, ImageNoise.Sigma(page, parallel: true));
        }

        Assert.True(ImageNoise.Sigma(degraded, parallel: true) > 8);
    }

    private static RasterImage Crop(RasterImage page, int height) =>
        new(page.Width, height, page.Bgra.AsSpan(0, page.Stride * height).ToArray());
}
