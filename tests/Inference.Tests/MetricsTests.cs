using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Testing;

namespace Folio.Inference.Tests;

[Collection(ObservabilityGroup.Name)]
public sealed class MetricsTests
{
    private static ByteArrayContent Body(string file, string mediaType) =>
        new(File.ReadAllBytes(file)) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } };

    private static async Task<List<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusSample.Parse(await response.Content.ReadAsStringAsync());
    }

    [ModelsFact]
    public async Task Metrics_opened_to_scrapers_without_the_key_move_by_one_per_page()
    {
        const string key = "metrics-test-key";
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:MaxPagesInFlight"] = "1", ["Inference:ApiKey"] = key, ["Inference:PublicMetrics"] = "true" });
        var scraper = await factory.ReadyClientAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var before = await ScrapeAsync(scraper);
        Assert.Equal(1, PrometheusSample.Sum(before, "folio_engine_info", ("engine", "ppocr"), ("provider", "CPU")));
        Assert.True(PrometheusSample.Sum(before, "folio_engine_load_duration_seconds", ("engine", "ppocr")) > 0);
        Assert.Equal(1, PrometheusSample.Sum(before, "folio_pages_capacity"));

        // One good page, held while a second one is turned away (429).
        var running = client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), Body(Path.Combine(RepoPaths.Samples, "scanned-page.jpg"), "image/jpeg"));
        for (var i = 0; i < 400 && PrometheusSample.Sum(await ScrapeAsync(scraper), "folio_pages_in_flight") < 1; i++)
        {
            await Task.Delay(10);
        }

        var busy = await client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), Body(Path.Combine(RepoPaths.Samples, "scanned-page.jpg"), "image/jpeg"));
        Assert.Equal((HttpStatusCode)429, busy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);

        // One bad page of each kind: 422 (encrypted) and 415 (not an image).
        var encrypted = await client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), Body(Path.Combine(RepoPaths.Root, "tests", "data", "bad", "encrypted.pdf"), "application/pdf"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, encrypted.StatusCode);
        var text = await client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), new StringContent("hello"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        var after = await ScrapeAsync(scraper);
        double Delta(string name, params (string, string)[] labels) => PrometheusSample.Sum(after, name, labels) - PrometheusSample.Sum(before, name, labels);
        Assert.Equal(1, Delta("folio_pages_total", ("engine", "ppocr"), ("outcome", "succeeded")));
        Assert.Equal(3, Delta("folio_pages_total", ("engine", "ppocr"), ("outcome", "failed")));
        Assert.Equal(1, Delta("folio_pages_total", ("outcome", "failed"), ("reason", "busy")));
        Assert.Equal(1, Delta("folio_pages_total", ("outcome", "failed"), ("reason", "encrypted")));
        Assert.Equal(1, Delta("folio_pages_total", ("outcome", "failed"), ("reason", "unsupported_type")));
        Assert.Equal(4, Delta("folio_page_duration_seconds_count", ("engine", "ppocr")));
        foreach (var stage in new[] { "render", "detect", "recognize", "layout", "serialize" })
        {
            Assert.True(Delta("folio_stage_duration_seconds_count", ("stage", stage)) >= 1, $"no {stage} duration");
        }

        Assert.True(Delta("folio_recognition_batch_size_count") >= 1);
        Assert.True(Delta("folio_recognition_batch_size_sum") >= 20, "a scanned page has dozens of lines");
        Assert.Equal(0, PrometheusSample.Sum(after, "folio_pages_in_flight"));
        // The guarded routes stay guarded.
        Assert.Equal(HttpStatusCode.Unauthorized, (await scraper.GetAsync(new Uri("/v1/info", UriKind.Relative))).StatusCode);
    }

    [ModelsFact]
    public async Task Metrics_are_not_in_the_openapi_document()
    {
        using var factory = new ServiceFactory();
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.False(document.GetProperty("paths").TryGetProperty("/metrics", out _));
    }
}
