using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Testing;

namespace Folio.Inference.Tests;

public sealed class ReadinessAndLimitsTests
{
    [ModelsFact]
    public async Task Without_models_the_service_is_alive_but_not_ready_and_says_why()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Ocr:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "no-models-here") });
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        JsonElement body = default;
        for (var i = 0; i < 100; i++)
        {
            var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (body.GetProperty("reason").GetString()!.Contains("failed", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Contains("fetch-models.sh", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var ocr = await client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ocr.StatusCode);
    }

    [ModelsFact]
    public async Task Readiness_turns_true_after_warm_up()
    {
        using var factory = new ServiceFactory();
        var client = await factory.ReadyClientAsync();
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/readyz", UriKind.Relative));
        Assert.Equal("ready", body.GetProperty("status").GetString());
    }

    [ModelsFact]
    public async Task A_saturated_service_answers_429_with_retry_after()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:MaxPagesInFlight"] = "1" });
        var client = await factory.ReadyClientAsync();
        var page = File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "scanned-page.jpg"));
        using var first = new ByteArrayContent(page) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } };
        var running = client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), first);
        // Wait until the first page holds the only slot.
        for (var i = 0; i < 200; i++)
        {
            var info = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/info", UriKind.Relative));
            if (info.GetProperty("pagesInFlight").GetInt32() == 1)
            {
                break;
            }

            await Task.Delay(10);
        }

        using var second = new ByteArrayContent(page) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } };
        var rejected = await client.PostAsync(new Uri("/v1/ocr", UriKind.Relative), second);
        Assert.Equal((HttpStatusCode)429, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
    }

    [ModelsFact]
    public async Task An_api_key_when_configured_is_required_on_v1_but_not_on_health()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:ApiKey"] = "s3cret" });
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/v1/info", UriKind.Relative))).StatusCode);
        client.DefaultRequestHeaders.Add("X-Api-Key", "s3cret");
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/v1/info", UriKind.Relative))).StatusCode);
    }
}
