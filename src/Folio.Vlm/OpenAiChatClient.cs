using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Folio.Vlm;

/// <summary>One answer of <c>/v1/chat/completions</c>.</summary>
/// <param name="Content">The message text.</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c>, … as the server says.</param>
public sealed record ChatAnswer(string Content, string? FinishReason);

/// <summary>What <c>/v1/models</c> lists.</summary>
/// <param name="Ids">Model ids.</param>
/// <param name="OwnedBy">The first model's <c>owned_by</c> (vLLM says <c>vllm</c>), or null.</param>
public sealed record ServerModels(IReadOnlyList<string> Ids, string? OwnedBy);

/// <summary>A call to the server that gave no usable answer; <see cref="Reason"/> is one of <see cref="FallbackReasons"/>.</summary>
public sealed class VlmCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VlmCallException(string reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    /// <summary>Creates an exception with no reason (for serializers).</summary>
    public VlmCallException()
        : this(FallbackReasons.Server, "VLM call failed")
    {
    }

    /// <summary>Creates an exception with no reason (for serializers).</summary>
    public VlmCallException(string message)
        : this(FallbackReasons.Server, message)
    {
    }

    /// <summary>Creates an exception with no reason (for serializers).</summary>
    public VlmCallException(string message, Exception inner)
        : this(FallbackReasons.Server, message, inner)
    {
    }

    /// <summary>Why, as a fallback reason.</summary>
    public string Reason { get; }
}

/// <summary>
/// A minimal OpenAI-compatible client for vLLM and SGLang: chat completions with one image and one text part, and the
/// model list. One instance per process; it owns its connection pool.
/// </summary>
public sealed class OpenAiChatClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly VlmOptions _options;

    /// <summary>Creates the client for the configured server.</summary>
    public OpenAiChatClient(VlmOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        if (!options.IsConfigured)
        {
            throw new ArgumentException("Inference:Vlm:ServerUrl is not set.", nameof(options));
        }

        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(VlmOptions.NormalizeServerUrl(options.ServerUrl!) + "/", UriKind.Absolute),
            Timeout = Timeout.InfiniteTimeSpan, // per call, below, so that a timeout is told from a cancellation
        };
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }
    }

    /// <summary>The server's root URL.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The request body of one region: the image as a data URL, then the task prompt; temperature 0.</summary>
    public static string BuildRequest(string model, byte[] png, string prompt, int maxTokens)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(
                    new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64," + Convert.ToBase64String(png) } },
                    new JsonObject { ["type"] = "text", ["text"] = prompt }),
            }),
            ["temperature"] = 0,
            ["max_tokens"] = maxTokens,
            ["stream"] = false,
        };
        return body.ToJsonString();
    }

    /// <summary>The first choice of a chat completion response.</summary>
    /// <exception cref="VlmCallException">Not JSON, or no <c>choices[0].message.content</c>.</exception>
    public static ChatAnswer ParseResponse(string json)
    {
        try
        {
            var choice = JsonNode.Parse(json)?["choices"] is JsonArray { Count: > 0 } choices ? choices[0] : null;
            var content = choice?["message"]?["content"]?.GetValue<string>();
            if (content is null)
            {
                throw new VlmCallException(FallbackReasons.Malformed, "The response has no choices[0].message.content.");
            }

            return new ChatAnswer(content, choice!["finish_reason"]?.GetValue<string>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new VlmCallException(FallbackReasons.Malformed, "The response is not a chat completion: " + ex.Message, ex);
        }
    }

    /// <summary>Sends one image with one prompt.</summary>
    /// <exception cref="VlmCallException">Timeout, connection failure, error status or malformed response.</exception>
    public async Task<ChatAnswer> CompleteAsync(byte[] png, string prompt, CancellationToken cancellationToken)
    {
        using var content = new StringContent(BuildRequest(_options.Model, png, prompt, _options.MaxTokens), Encoding.UTF8, "application/json");
        var json = await SendAsync(HttpMethod.Post, "v1/chat/completions", content, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return ParseResponse(json);
    }

    /// <summary>Lists the served models.</summary>
    /// <exception cref="VlmCallException">Timeout, connection failure, error status or malformed response.</exception>
    public async Task<ServerModels> ListModelsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Get, "v1/models", null, timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var data = JsonNode.Parse(json)?["data"]?.AsArray()
                ?? throw new VlmCallException(FallbackReasons.Malformed, "The /v1/models response has no data array.");
            var ids = data.Select(m => m?["id"]?.GetValue<string>()).OfType<string>().ToList();
            return new ServerModels(ids, data.Count > 0 ? data[0]?["owned_by"]?.GetValue<string>() : null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new VlmCallException(FallbackReasons.Malformed, "The /v1/models response is not a model list: " + ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
            using var response = await _http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new VlmCallException(FallbackReasons.Server, $"{method} {path} answered {(int)response.StatusCode}: {Shorten(body)}");
            }

            return body;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VlmCallException(FallbackReasons.Timeout, $"{method} {path} gave no answer within {timeout.TotalSeconds:0.#} s.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new VlmCallException(FallbackReasons.Connection, $"{method} {path} failed: {ex.Message}", ex);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
