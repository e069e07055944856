using Folio.Local;
using Folio.Ocr;
using Folio.Testing;

namespace Folio.Pipeline.Tests;

/// <summary>The in-process recogniser's description (the page cache's key) follows the settings that change the text.</summary>
public class EngineDescriptionTests
{
    [ModelsFact]
    public async Task Another_width_squeeze_gives_another_description()
    {
        using var squeezed = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 1, RecognitionWidthScale = 0.9f });
        using var natural = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 1 });
        using var a = new EnginePageRecognizer(squeezed);
        using var b = new EnginePageRecognizer(natural);
        var first = await a.DescribeAsync(null);
        Assert.Contains("widthScale=0.9", first, StringComparison.Ordinal);
        Assert.Contains("ch_PP-OCRv4_rec_infer.onnx=", first, StringComparison.Ordinal);
        Assert.NotEqual(first, await b.DescribeAsync(null));
        Assert.Equal(first, await a.DescribeAsync("ppocr"));
        Assert.Null(await a.DescribeAsync("vlm"));
    }

    [ModelsFact]
    public async Task The_description_names_the_build_of_the_code_that_reads_and_lays_out_pages()
    {
        // A new build of the recognition or layout code reads pages differently without any setting changing: pages
        // cached by another build are not reused.
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 1 });
        using var recognizer = new EnginePageRecognizer(engine);
        var modules = typeof(OcrEngine).Assembly.ManifestModule.ModuleVersionId.ToString("N") + typeof(Folio.Pages.Layout.BlockKinds).Assembly.ManifestModule.ModuleVersionId.ToString("N");
        var build = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(modules)))[..16];
        Assert.Contains($"code={build}", await recognizer.DescribeAsync(null), StringComparison.Ordinal);
    }
}
