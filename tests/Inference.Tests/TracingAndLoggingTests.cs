using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Contracts;
using Folio.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Folio.Inference.Tests;

[Collection(ObservabilityGroup.Name)]
public sealed class TracingAndLoggingTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Stages = ["render", "detect", "recognize", "layout", "serialize"];

    private static HttpRequestMessage OcrRequest(string file, string mediaType, string query)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(file));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ocr" + query, UriKind.Relative)) { Content = content };
    }

    private static string Sample(string name) => Path.Combine(RepoPaths.Samples, name);

    // The exporter appends from the thread that ends a span; the request span ends last, after the answer is sent.
    private static async Task<Activity[]> SpansOfTraceAsync(List<Activity> exported, ActivityTraceId traceId)
    {
        for (var i = 0; i < 200; i++)
        {
            Activity[] snapshot;
            lock (exported)
            {
                snapshot = [.. exported];
            }

            var spans = snapshot.Where(a => a.TraceId == traceId).ToArray();
            if (spans.Any(a => a.Kind == ActivityKind.Server))
            {
                return spans;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The request span was never exported.");
    }

    private static bool Descends(Activity span, Activity ancestor, Dictionary<ActivitySpanId, Activity> byId)
    {
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    [ModelsFact]
    public async Task A_traceparent_becomes_the_parent_of_the_request_span_and_the_stages_are_its_descendants()
    {
        var exported = new List<Activity>();
        using var factory = ServiceFactory.With(new Dictionary<string, string?>(), services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        var client = await factory.ReadyClientAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = OcrRequest(Sample("r-intro-excerpt.pdf"), "application/pdf", "?page=2&dpi=72");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<PageResult>(Json);

        var spans = await SpansOfTraceAsync(exported, traceId);
        var server = Assert.Single(spans, a => a.Kind == ActivityKind.Server);
        Assert.Equal(callerSpan, server.ParentSpanId);
        Assert.Equal(2, server.GetTagItem("folio.page.number"));
        Assert.Equal("ppocr", server.GetTagItem("folio.engine"));
        var byId = spans.ToDictionary(a => a.SpanId);
        foreach (var stage in Stages)
        {
            var span = Assert.Single(spans, a => a.DisplayName == stage);
            Assert.True(Descends(span, server, byId), $"{stage} is not under the request span");
            Assert.Equal(2, span.GetTagItem("folio.page.number"));
            Assert.Equal("ppocr", span.GetTagItem("folio.engine"));
            Assert.Equal(page!.Width, span.GetTagItem("folio.page.width"));
            Assert.Equal(page.Height, span.GetTagItem("folio.page.height"));
        }

        Assert.Equal("Folio.Ocr", spans.Single(a => a.DisplayName == "detect").Source.Name);
        Assert.Equal("Folio.Inference", spans.Single(a => a.DisplayName == "render").Source.Name);
        var lines = page!.Blocks.Sum(b => b.Lines.Count);
        Assert.True(lines > 0);
        Assert.Equal(lines, spans.Single(a => a.DisplayName == "recognize").GetTagItem("folio.lines"));
        Assert.True((int)spans.Single(a => a.DisplayName == "detect").GetTagItem("folio.lines")! >= lines);
        // No text on any span.
        var someText = page.Blocks.SelectMany(b => b.Lines).Select(l => l.Text).First(t => t.Length >= 8);
        Assert.DoesNotContain(spans.SelectMany(a => a.TagObjects), t => t.Value is string s && s.Contains(someText, StringComparison.Ordinal));
    }

    [ModelsFact]
    public async Task The_vlm_engine_makes_one_span_per_region_and_its_counters_reach_metrics()
    {
        var exported = new List<Activity>();
        // Nothing listens on the discard port: every region request is refused at once and falls back to ppocr.
        using var factory = ServiceFactory.With(
            new Dictionary<string, string?> { ["Inference:Vlm:ServerUrl"] = "http://127.0.0.1:9/v1" },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        var client = factory.CreateClient();
        for (var i = 0; i < 600 && !(await client.GetAsync(new Uri("/v1/info", UriKind.Relative))).IsSuccessStatusCode; i++)
        {
            await Task.Delay(100);
        }

        var traceId = ActivityTraceId.CreateRandom();
        using var request = OcrRequest(Sample("r-intro-excerpt.pdf"), "application/pdf", "?page=2&dpi=72&engine=vlm");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<PageResult>(Json);
        Assert.All(page!.Blocks, b => Assert.Equal("connection", b.Fallback));

        var spans = await SpansOfTraceAsync(exported, traceId);
        var regions = spans.Where(a => a.DisplayName == "vlm.region").ToList();
        Assert.Equal(page.Blocks.Count, regions.Count);
        Assert.All(regions, r =>
        {
            Assert.Equal("vlm", r.GetTagItem("folio.engine"));
            Assert.Equal("connection", r.GetTagItem("folio.vlm.fallback"));
            Assert.Equal(ActivityStatusCode.Error, r.Status);
        });

        var metrics = PrometheusSample.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(page.Blocks.Count, PrometheusSample.Sum(metrics, "folio_vlm_fallbacks_total", ("reason", "connection")));
        Assert.Equal(1, PrometheusSample.Sum(metrics, "folio_engine_info", ("engine", "vlm")));
        Assert.Equal(1, PrometheusSample.Sum(metrics, "folio_pages_total", ("engine", "vlm"), ("outcome", "succeeded")));
    }

    [ModelsFact]
    public async Task Logs_carry_the_page_index_in_scope_and_never_the_text_nor_the_api_key()
    {
        var key = "key-" + Guid.NewGuid().ToString("N");
        var wrongKey = "wrong-" + Guid.NewGuid().ToString("N");
        var logs = new LogCapture();
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:ApiKey"] = key }, services =>
            services.AddSingleton<ILoggerProvider>(logs));
        var client = await factory.ReadyClientAsync();

        using (var refused = OcrRequest(Sample("scanned-page.jpg"), "image/jpeg", string.Empty))
        {
            refused.Headers.Add("X-Api-Key", wrongKey);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(refused)).StatusCode);
        }

        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var good = OcrRequest(Sample("r-intro-excerpt.pdf"), "application/pdf", "?page=3&dpi=72");
        var response = await client.SendAsync(good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<PageResult>(Json);
        using var bad = OcrRequest(Path.Combine(RepoPaths.Root, "tests", "data", "bad", "encrypted.pdf"), "application/pdf", "?page=2");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.SendAsync(bad)).StatusCode);

        var entries = logs.Entries.ToList();
        var read = Assert.Single(entries, e => e.EventId.Id == 12);
        Assert.Equal(3, read.Scope("PageNumber"));
        Assert.Equal("ppocr", read.Scope("Engine"));
        var rejected = Assert.Single(entries, e => e.EventId.Id == 10);
        Assert.Equal(2, rejected.Scope("PageNumber"));
        Assert.Single(entries, e => e.EventId.Id == 30);

        var texts = page!.Blocks.SelectMany(b => b.Lines).Select(l => l.Text).Where(t => t.Length >= 8).ToList();
        Assert.NotEmpty(texts);
        foreach (var entry in entries)
        {
            var all = entry.AllText;
            Assert.DoesNotContain(key, all, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongKey, all, StringComparison.Ordinal);
            Assert.DoesNotContain(texts, t => all.Contains(t, StringComparison.Ordinal));
        }
    }
}
