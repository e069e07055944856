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
        // 14⁵ nested triangles: 3–4 s to render on a 2-core machine, longer under load.
        var pdf = TestPdfs.SlowToRender(fanOut: 14);
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models, Device = DeviceChoice.Cpu, IntraOpThreads = 1 });
        using var recognizer = new EnginePageRecognizer(engine);
        using var cancel = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        // Cancelled from a thread of its own: a timed token fires on the thread pool, which test classes running
        // alongside can starve for seconds.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(300);
            cancel.Cancel();
        });
        canceller.Start();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recognizer.RecognizeAsync(new PageInput(pdf, "application/pdf", 1, 150), cancel.Token));
        canceller.Join();

        // The caller is free well before the render ends.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {clock.Elapsed.TotalSeconds:F1} s");
    }
}
