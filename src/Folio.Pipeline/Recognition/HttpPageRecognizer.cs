using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Contracts;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Folio.Pipeline;

/// <summary>
/// Sends a page to the inference service: <c>POST {BaseUrl}/v1/ocr?page=P&amp;firstPage=P&amp;dpi=N</c> with the bytes
/// of page P alone, and reads the <see cref="PageResult"/> JSON back, numbered P by the service. A 4xx answer (other than 408 and 429) becomes
/// a <see cref="PageRejectedException"/> carrying the problem's detail; 408, 429, 5xx, timeouts and
/// connection failures become a retryable <see cref="PageRecognitionException"/>.
/// Register with <see cref="PipelineServiceCollectionExtensions.AddHttpPageRecognizer"/>.
/// </summary>
public sealed class HttpPageRecognizer : IPageRecognizer
{
    /// <summary>How long calls stay paused once the circuit breaker opens (the resilience handler's break duration).</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private static readonly TimeSpan DescriptionLifetime = TimeSpan.FromMinutes(5);
    private readonly HttpRecognizerOptions _options;
    private (string? Text, DateTimeOffset At)? _description;

    /// <summary>Uses a client from the factory (base address set by the registration).</summary>
    public HttpPageRecognizer(HttpClient http, IOptions<HttpRecognizerOptions> options)
    {
        _http = http;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default)
    {
        var engine = string.IsNullOrEmpty(page.Engine) ? string.Empty : "&engine=" + Uri.EscapeDataString(page.Engine);
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"v1/ocr?page={page.PageNumber}&firstPage={page.PageNumber}&dpi={page.Dpi}{engine}"), UriKind.Relative);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        request.Content = new ReadOnlyMemoryContent(page.Content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(page.MediaType);
        AddApiKey(request);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PageRecognitionException($"Page {page.PageNumber}: the inference service did not answer in time.", ex);
        }
        catch (HttpRequestException ex)
        {
            // The address and the socket error stay in the inner exception, for the log.
            throw new PageRecognitionException($"Page {page.PageNumber}: the inference service could not be reached.", ex);
        }
        catch (BrokenCircuitException ex)
        {
            // Calls are paused after a run of faults (an outage, a restart): wait as for a busy service, without
            // spending the page's attempts.
            throw new ServiceBusyException(ServiceBusyException.Describe(page.PageNumber, (int)HttpStatusCode.ServiceUnavailable, BreakDuration), ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    var wait = response.Headers.RetryAfter is { } after ? after.Delta ?? (after.Date - DateTimeOffset.UtcNow) : null;
                    throw new ServiceBusyException(ServiceBusyException.Describe(page.PageNumber, (int)response.StatusCode, wait > TimeSpan.Zero ? wait : null));
                }

                var detail = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
                var message = $"Page {page.PageNumber}: the inference service answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}";
                throw IsTransient(response.StatusCode) ? new PageRecognitionException(message) : new PageRejectedException(message);
            }

            PageResult? result;
            try
            {
                result = await response.Content.ReadFromJsonAsync<PageResult>(Json, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new PageRecognitionException($"Page {page.PageNumber}: the inference service sent an unreadable result.", ex);
            }

            return result ?? throw new PageRecognitionException($"Page {page.PageNumber}: the inference service sent an empty result.");
        }
    }

    /// <summary>
    /// The service's engine and model digests from <c>GET /v1/info</c>, asked at most every few minutes (a
    /// redeployed service with new models gets new cache entries). Null when the service can't say.
    /// </summary>
    public async Task<string?> DescribeAsync(string? engine, CancellationToken cancellationToken = default)
    {
        var known = _description;
        if (known is null || DateTimeOffset.UtcNow - known.Value.At > DescriptionLifetime)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v1/info", UriKind.Relative));
                AddApiKey(request);
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }

                using var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                known = (Describe(info.RootElement), DateTimeOffset.UtcNow);
                _description = known;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return null;
            }
        }

        return known.Value.Text is null ? null : $"{engine ?? "default"}|{known.Value.Text}";
    }

    /// <summary>The default engine, every model digest and the settings of a <c>/v1/info</c> answer, in a stable order; null without models.</summary>
    internal static string? Describe(JsonElement info)
    {
        if (info.ValueKind != JsonValueKind.Object || !info.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var engine = info.TryGetProperty("engine", out var name) ? name.ToString() : "?";
        var parts = models.EnumerateObject().Select(m => $"{m.Name}={m.Value}").Order(StringComparer.Ordinal);
        // With a vlm server, its model decides vlm pages' text too.
        var vlm = info.TryGetProperty("vlm", out var server) && server.ValueKind == JsonValueKind.Object && server.TryGetProperty("model", out var model)
            ? "|vlm=" + model
            : string.Empty;
        // Settings that change the text (width squeeze, fusion), from services that report them.
        var settings = info.TryGetProperty("settings", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? "|" + text
            : string.Empty;
        return engine + "|" + string.Join(';', parts) + settings + vlm;
    }

    private void AddApiKey(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Add("X-Api-Key", _options.ApiKey);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static async Task<string> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 2000)
        {
            body = body[..2000];
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "detail", "title" })
                {
                    if (problem.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString()!;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: report the text.
        }

        return body.Length == 0 ? "(no body)" : body;
    }
}
