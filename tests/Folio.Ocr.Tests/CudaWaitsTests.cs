using Folio.Ocr.Runtime;
using Folio.Testing;

namespace Folio.Ocr.Tests;

/// <summary>How threads wait for the GPU (<see cref="OcrEngineOptions.CudaBlockingWaits"/>); skipped without CUDA.</summary>
public class CudaWaitsTests
{
    [CudaFact]
    public void Threads_block_while_they_wait_for_the_gpu_and_the_engine_reads_so()
    {
        var blocking = new SessionFactory(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cuda });
        Assert.EndsWith("threads block while they wait for the GPU", blocking.Device.Detail, StringComparison.Ordinal);
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cuda });
        var page = engine.Recognize(SamplePage.Page, 1);
        Assert.True(page.Blocks.Sum(b => b.Text.Length) > 500, "the sample page read on CUDA with blocking waits");
    }
}
