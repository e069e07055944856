using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Testing;

namespace Folio.Inference.Tests;

/// <summary>With an API key set, nothing but the probes answers without it, and the probes tell no internals.</summary>
public sealed class ExposureTests
{
    private const string Key = "exposure-test-key";

    private static Uri U(string path) => new(path, UriKind.Relative);

    [ModelsFact]
    public async Task With_a_key_set_metrics_and_the_viewer_need_it_unless_opened_deliberately()
    {
        using var guarded = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:ApiKey"] = Key });
        var client = guarded.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(U("/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(U("/"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(U("/viewer.js"))).StatusCode);
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(U("/metrics"))).StatusCode);

        using var opened = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:ApiKey"] = Key, ["Inference:PublicMetrics"] = "true", ["Inference:PublicViewer"] = "true" });
        var anyone = opened.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(U("/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(U("/"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.GetAsync(U("/v1/info"))).StatusCode);
    }

    [ModelsFact]
    public async Task Readiness_tells_callers_without_the_key_no_exception_text_and_no_vlm_address()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-models-for-exposure");
        using var broken = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:ApiKey"] = Key, ["Ocr:ModelDirectory"] = missing });
        var client = broken.CreateClient();
        var reason = "";
        for (var i = 0; i < 200 && !reason.Contains("failed", StringComparison.Ordinal); i++)
        {
            var answer = await client.GetAsync(U("/readyz"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            reason = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString()!;
            await Task.Delay(50);
        }

        Assert.Equal("failed to load", reason);
        using var keyed = new HttpRequestMessage(HttpMethod.Get, U("/readyz")) { Headers = { { "X-Api-Key", Key } } };
        var detailed = await (await client.SendAsync(keyed)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("fetch-models.sh", detailed.GetProperty("reason").GetString(), StringComparison.Ordinal);

        const string server = "http://127.0.0.1:9/v1";
        using var withVlm = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:ApiKey"] = Key, ["Inference:Vlm:ServerUrl"] = server });
        var vlmClient = withVlm.CreateClient();
        string body = "";
        for (var i = 0; i < 600; i++)
        {
            body = await (await vlmClient.GetAsync(U("/readyz"))).Content.ReadAsStringAsync();
            if (body.Contains("VLM", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Contains("VLM server is not usable", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }
}
