using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Folio.Vlm.Tests;

/// <summary>The real inference service (in memory, real models) pointed at the fake VLM server over loopback HTTP.</summary>
public sealed class VlmServiceTests : IAsyncLifetime
{
    private FakeVlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeVlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [ModelsFact]
    public async Task Readiness_is_false_while_the_model_is_missing_and_true_once_listed()
    {
        _server.ServedModels = ["some/other-model"];
        using var factory = new Service(Vlm(("Inference:Vlm:ProbeCacheDuration", "00:00:00")));
        var client = factory.CreateClient();
        var body = await WaitForEngineAsync(client);
        Assert.Contains("does not serve model 'PaddlePaddle/PaddleOCR-VL'", body.GetProperty("reason").GetString(), StringComparison.Ordinal);

        _server.ServedModels = [FakeVlmServer.ModelName];
        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var json = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((FakeVlmServer.ModelName, "vllm"), (json.GetProperty("vlm").GetProperty("model").GetString(), json.GetProperty("vlm").GetProperty("backend").GetString()));
    }

    [ModelsFact]
    public async Task Engine_vlm_reads_a_real_page_through_the_server_and_falls_back_when_it_fails()
    {
        using var factory = new Service(Vlm());
        var client = await ReadyAsync(factory);

        var page = await OcrAsync(client, "?engine=vlm");
        Assert.Equal("vlm", page.GetProperty("provenance").GetProperty("engine").GetString());
        var blocks = page.GetProperty("blocks").EnumerateArray().ToList();
        Assert.True(blocks.Count >= 5, $"{blocks.Count} blocks");
        Assert.All(blocks, b => Assert.Equal("vlm", b.GetProperty("engine").GetString()));
        Assert.All(blocks, b => Assert.StartsWith("fake vlm text", b.GetProperty("text").GetString(), StringComparison.Ordinal));
        Assert.Equal(blocks.Count, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.True(r.ImageWidth > 20 && r.ImageHeight > 10 && r.ImageWidth < 1300));

        _server.Mode = FakeMode.Error500;
        var fallen = (await OcrAsync(client, "?engine=vlm")).GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(blocks.Count, fallen.Count);
        Assert.All(fallen, b => Assert.Equal(("ppocr", "server"), (b.GetProperty("engine").GetString(), b.GetProperty("fallback").GetString())));
        Assert.Contains(fallen, b => b.GetProperty("text").GetString()!.Contains("sequence", StringComparison.Ordinal)); // ppocr's own text

        var info = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/info", UriKind.Relative));
        var vlm = info.GetProperty("vlm");
        Assert.Equal(_server.Url.ToString(), vlm.GetProperty("serverUrl").GetString());
        Assert.Equal(FakeVlmServer.ModelName, vlm.GetProperty("model").GetString());
        Assert.Equal("vllm", vlm.GetProperty("backend").GetString());
        Assert.Equal(blocks.Count, vlm.GetProperty("regionsRead").GetInt64());
        Assert.Equal(fallen.Count, vlm.GetProperty("fallbacks").GetProperty("server").GetInt64());
    }

    [ModelsFact]
    public async Task The_default_engine_can_be_vlm_and_ppocr_stays_selectable()
    {
        using var factory = new Service(Vlm(("Inference:DefaultEngine", "vlm")));
        var client = await ReadyAsync(factory);
        Assert.Equal("vlm", (await OcrAsync(client, string.Empty)).GetProperty("provenance").GetProperty("engine").GetString());
        var ppocr = await OcrAsync(client, "?engine=ppocr");
        Assert.Equal("ppocr", ppocr.GetProperty("provenance").GetProperty("engine").GetString());
        Assert.All(ppocr.GetProperty("blocks").EnumerateArray(), b => Assert.False(b.TryGetProperty("engine", out _)));
    }

    [ModelsFact]
    public async Task Without_a_vlm_server_nothing_changes_and_engine_vlm_is_a_clear_409()
    {
        using var factory = new Service(new Dictionary<string, string?>());
        var client = await ReadyAsync(factory);
        var page = await OcrAsync(client, string.Empty);
        Assert.Equal("ppocr", page.GetProperty("provenance").GetProperty("engine").GetString());
        Assert.All(page.GetProperty("blocks").EnumerateArray(), b => Assert.False(b.TryGetProperty("engine", out _) || b.TryGetProperty("fallback", out _)));
        Assert.False((await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/info", UriKind.Relative))).TryGetProperty("vlm", out _));

        var refused = await PostAsync(client, "?engine=vlm");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Inference__Vlm__ServerUrl", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, "?engine=tesseract")).StatusCode);
        Assert.Empty(_server.Requests);
    }

    private Dictionary<string, string?> Vlm(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Inference:Vlm:ServerUrl"] = _server.Url + "v1", ["Inference:Vlm:MaxConcurrentRequests"] = "2" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<JsonElement> WaitForEngineAsync(HttpClient client)
    {
        for (var i = 0; i < 600; i++)
        {
            var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (body.GetProperty("reason").GetString()!.Contains("VLM", StringComparison.Ordinal))
            {
                return body;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The OCR engine never became ready.");
    }

    private static async Task<HttpClient> ReadyAsync(Service factory)
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 600; i++)
        {
            if ((await client.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode)
            {
                return client;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The service never became ready.");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string query)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "scanned-page.jpg")));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return await client.PostAsync(new Uri("/v1/ocr" + query, UriKind.Relative), content);
    }

    private static async Task<JsonElement> OcrAsync(HttpClient client, string query)
    {
        var response = await PostAsync(client, query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private sealed class Service(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Ocr:ModelDirectory", RepoPaths.Models);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
