using System.Diagnostics;
using Folio.Local;
using Folio.Ocr;
using Folio.Testing;

namespace Folio.Pipeline.Tests;

/// <summary>The in-process recogniser stops waiting for a page whose caller has gone, even mid-render.</summary>
public class InProcessCancellationTests
{
    [ModelsFact]
    public async Task A_cancelled_page_stops_while_poppler_still_renders_it()
    {
        var pdf = TestPdfs.SlowToRender();
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 1 });
        using var recognizer = new EnginePageRecognizer(engine);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recognizer.RecognizeAsync(new PageInput(pdf, "application/pdf", 1, 150), cancel.Token));

        // The render takes seconds (TestPdfs.SlowToRender); the caller is free well before it ends.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {clock.Elapsed.TotalSeconds:F1} s");
    }
}
