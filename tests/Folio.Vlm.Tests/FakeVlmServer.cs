using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Folio.Vlm.Tests;

/// <summary>How the fake server answers a chat completion.</summary>
public enum FakeMode
{
    /// <summary>Recorded-style content for the prompt, finish_reason stop.</summary>
    Normal,

    /// <summary>The same phrase over and over, finish_reason stop.</summary>
    Loop,

    /// <summary>Truncated content with finish_reason length.</summary>
    Length,

    /// <summary>HTTP 500.</summary>
    Error500,

    /// <summary>Waits <see cref="FakeVlmServer.SlowDelay"/> before answering normally.</summary>
    Slow,

    /// <summary>200 with a body that is not JSON.</summary>
    Malformed,

    /// <summary>OTSL whose first cell merges upwards with nothing.</summary>
    BadOtsl,
}

/// <summary>What the server received in one chat completion.</summary>
public sealed record FakeRequest(string Prompt, int ImageWidth, int ImageHeight, int MaxTokens, double Temperature);

/// <summary>
/// A real OpenAI-compatible HTTP server (Kestrel on 127.0.0.1, a free port) for the vlm engine's tests: /v1/models and
/// /v1/chat/completions with PaddleOCR-VL-style answers per prompt. It records every request and the most
/// requests it ever had at once.
/// </summary>
public sealed class FakeVlmServer : IAsyncDisposable
{
    public const string ModelName = "PaddlePaddle/PaddleOCR-VL";
    public const string Otsl = "<fcel>Name<fcel>Value<nl><fcel>alpha<fcel>1<nl><fcel>beta<ecel><nl>";
    public const string Formula = "$$E = mc^2$$";
    public const string Chart = "Year | Sales\n2019 | 3\n2020 | 5";

    private readonly WebApplication _app;
    private int _current;
    private int _max;
    private int _ocrCount;
    private int _modelLists;

    private FakeVlmServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public ConcurrentDictionary<string, FakeMode> ModeByPrompt { get; } = new(StringComparer.Ordinal);

    public FakeMode Mode { get; set; } = FakeMode.Normal;

    public string[] ServedModels { get; set; } = [ModelName];

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxConcurrent => Volatile.Read(ref _max);

    public int ModelListRequests => Volatile.Read(ref _modelLists);

    public static async Task<FakeVlmServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeVlmServer(app);
        app.MapGet("/v1/models", () => Interlocked.Increment(ref server._modelLists) > 0 ? Results.Json(new
        {
            @object = "list",
            data = server.ServedModels.Select(m => new { id = m, @object = "model", owned_by = "vllm" }),
        }) : Results.StatusCode(500));
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    /// <summary>The answer text the server gives for a prompt in normal mode.</summary>
    public static string AnswerFor(string prompt, int n) => prompt switch
    {
        "Table Recognition:" => Otsl,
        "Formula Recognition:" => Formula,
        "Chart Recognition:" => Chart,
        _ => $"fake vlm text {n}",
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> CompleteAsync(HttpRequest request)
    {
        var now = Interlocked.Increment(ref _current);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }

        try
        {
            var body = (await JsonNode.ParseAsync(request.Body))!;
            var content = body["messages"]![0]!["content"]!.AsArray();
            var url = content.First(p => (string?)p!["type"] == "image_url")!["image_url"]!["url"]!.GetValue<string>();
            var prompt = content.First(p => (string?)p!["type"] == "text")!["text"]!.GetValue<string>();
            var png = Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..]);
            Requests.Enqueue(new FakeRequest(prompt, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)),
                body["max_tokens"]!.GetValue<int>(), body["temperature"]!.GetValue<double>()));

            var mode = ModeByPrompt.TryGetValue(prompt, out var m) ? m : Mode;
            await Task.Delay(mode == FakeMode.Slow ? SlowDelay : Delay, request.HttpContext.RequestAborted);
            return mode switch
            {
                FakeMode.Error500 => Results.Problem(statusCode: 500, title: "CUDA out of memory"),
                FakeMode.Malformed => Results.Text("{\"choices\": [ {\"message\": ", "application/json"),
                FakeMode.Loop => Answer(string.Concat(Enumerable.Repeat("<fcel>0<ecel>", 400)), "stop"),
                FakeMode.Length => Answer("the the the the the", "length"),
                FakeMode.BadOtsl => Answer("<ucel><fcel>a<nl>", "stop"),
                _ => Answer(AnswerFor(prompt, Interlocked.Increment(ref _ocrCount)), "stop"),
            };
        }
        finally
        {
            Interlocked.Decrement(ref _current);
        }
    }

    private static IResult Answer(string text, string finishReason) => Results.Json(new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion",
        model = ModelName,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = finishReason } },
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = null });
}
