using System.Collections.Concurrent;
using System.Diagnostics;
using Folio.Local;
using Folio.Pipeline;
using Folio.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Inference.Tests;

/// <summary>One trace per document across the HTTP hop: pipeline steps → HTTP client → the service's request and stages.</summary>
public sealed class TraceAcrossHttpTests
{
    [ModelsFact]
    public async Task AThreePageJob_ThroughTheService_IsOneTrace_WithTheServiceSpansUnderEachPageCall()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Folio.", StringComparison.Ordinal) || source.Name is "System.Net.Http" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var service = new ServiceFactory();
        // A free port chosen by Kestrel through its own options (UseKestrel(port) races the app's own bind).
        service.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        service.StartServer();
        await service.ReadyClientAsync();
        var address = new Uri(service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var services = new ServiceCollection();
        services.AddHttpPageRecognizer(o => o.BaseUrl = address);
        var recognizer = services.BuildServiceProvider().GetRequiredService<IPageRecognizer>();
        var temp = Directory.CreateTempSubdirectory("folio-trace-").FullName;
        var input = Path.Combine(temp, "three.pdf");
        await File.WriteAllBytesAsync(input, TestPdfs.Blank(3));

        DocumentOutcome outcome;
        await using (var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(50) }))
        {
            outcome = await runner.RunAsync(input, Path.Combine(temp, "out"), new RunOptions { Dpi = 72, ForceOcr = true });
        }

        Directory.Delete(temp, recursive: true);
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        var all = stopped.ToArray();
        var document = Assert.Single(all, a => a.DisplayName == "folio.document" && (string?)a.GetTagItem("folio.job.id") == outcome.JobId);
        var trace = all.Where(a => a.TraceId == document.TraceId).ToList();
        var pages = trace.Where(a => a.DisplayName == "folio.recognize_page").ToList();
        Assert.Equal(3, pages.Count);
        var requests = trace.Where(a => a.Kind == ActivityKind.Server && a.Source.Name == "Microsoft.AspNetCore").ToList();
        var ocrRequests = requests.Where(r => (r.GetTagItem("url.path") ?? r.GetTagItem("http.target"))?.ToString()?.Contains("/v1/ocr", StringComparison.Ordinal) != false).ToList();
        Assert.True(ocrRequests.Count >= 3, $"{ocrRequests.Count} server spans for /v1/ocr in the document's trace");
        foreach (var page in pages)
        {
            // recognize_page → HTTP client span (same process, System.Net.Http) → the service's request span, via traceparent.
            // (A GET of /v1/info may come first: the page cache asks the service which models it runs.)
            var client = Assert.Single(trace, a => a.Kind == ActivityKind.Client && a.ParentSpanId == page.SpanId && a.DisplayName == "POST");
            Assert.Contains(ocrRequests, r => r.ParentSpanId == client.SpanId);
        }

        // The service's own spans (stages of the engine) hang under its request spans, in the same trace.
        var serviceSpans = trace.Where(a => a.Source.Name.StartsWith("Folio.", StringComparison.Ordinal) && a.Source.Name != PipelineTelemetry.Name).ToList();
        Assert.Equal(3, serviceSpans.Count(s => s.DisplayName == "detect"));
        Assert.Equal(3, serviceSpans.Count(s => s.DisplayName == "recognize"));
        // Each page goes alone, and the service's spans carry its number in the document.
        Assert.Equal([1, 2, 3], serviceSpans.Where(s => s.DisplayName == "detect").Select(s => (int)s.GetTagItem("folio.page.number")!).Order());
        Assert.All(serviceSpans, s => Assert.True(IsUnder(s, requests, trace), $"{s.Source.Name}/{s.DisplayName} is not under a request span"));
    }

    private static bool IsUnder(Activity span, List<Activity> roots, List<Activity> trace)
    {
        var bySpan = trace.ToDictionary(a => a.SpanId);
        var current = span;
        while (bySpan.TryGetValue(current.ParentSpanId, out var parent))
        {
            if (roots.Contains(parent))
            {
                return true;
            }

            current = parent;
        }

        return false;
    }
}
