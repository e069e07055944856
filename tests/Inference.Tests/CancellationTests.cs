using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Testing;

namespace Folio.Inference.Tests;

/// <summary>A caller who goes away gives its page slot back at the next stage instead of holding it through OCR.</summary>
[Collection(ObservabilityGroup.Name)]
public sealed class CancellationTests
{
    // Calls back with the name of each stage (span) of the service and the engine that starts in the given trace.
    private static ActivityListener ListenToStages(ActivityTraceId traceId, Action<string> started)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Folio.Inference" or "Folio.Ocr",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => options.Parent.TraceId == traceId ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            ActivityStarted = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    started(activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task<int> PagesInFlightAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/info", UriKind.Relative))).GetProperty("pagesInFlight").GetInt32();

    [ModelsFact]
    public async Task A_caller_who_cancels_during_render_frees_the_slot_before_ocr_runs()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:MaxPagesInFlight"] = "1" });
        var client = await factory.ReadyClientAsync();
        var before = PrometheusSample.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        // The stages this request starts, seen as they start (render from Folio.Inference, the engine's from Folio.Ocr).
        var traceId = ActivityTraceId.CreateRandom();
        var started = new ConcurrentQueue<string>();
        using var leaving = new CancellationTokenSource();
        using var listener = ListenToStages(traceId, stage =>
        {
            started.Enqueue(stage);
            if (stage == "render")
            {
                // The caller leaves as render starts: at once, on the render thread, whatever the load.
                leaving.Cancel();
            }
        });

        // A US-letter page at 600 dpi: 34 megapixels, long to render, far longer to read. Its caller leaves during render.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ocr?page=1&dpi=600", UriKind.Relative))
        {
            Content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf")))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") },
            },
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var abandoned = client.SendAsync(request, leaving.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        for (var i = 0; i < 1200 && await PagesInFlightAsync(client) > 0; i++)
        {
            await Task.Delay(50);
        }

        // The page stopped after render: no engine stage ran for a caller who had gone.
        Assert.Equal(["render"], started.ToArray());
        var after = PrometheusSample.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(1, PrometheusSample.Sum(after, "folio_pages_total", ("outcome", "failed"), ("reason", "canceled"))
            - PrometheusSample.Sum(before, "folio_pages_total", ("outcome", "failed"), ("reason", "canceled")));

        // The slot is free for the next caller.
        var next = await client.PostAsync(
            new Uri("/v1/ocr", UriKind.Relative),
            new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "scanned-page.jpg"))) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [ModelsFact]
    public async Task A_page_past_its_time_budget_is_answered_504_and_its_work_stops_before_recognition()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:MaxPagesInFlight"] = "1", ["Inference:PageTimeoutSeconds"] = "0.2" });
        var client = await factory.ReadyClientAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var started = new ConcurrentQueue<string>();
        using var listener = ListenToStages(traceId, started.Enqueue);

        // 34 megapixels at 600 dpi: rendering alone outlasts the 0.2 s budget.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ocr?page=1&dpi=600", UriKind.Relative))
        {
            Content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf")))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") },
            },
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("page_timeout", problem.GetProperty("code").GetString());
        Assert.Contains("Inference:PageTimeoutSeconds", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("recognize", started);
        Assert.Equal(0, await PagesInFlightAsync(client));
    }
}
