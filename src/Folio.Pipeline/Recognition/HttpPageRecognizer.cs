using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Contracts;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Folio.Pipeline;

/// <summary>
/// Sends a page to the inference service: <c>POST {BaseUrl}/v1/ocr?page=1&amp;dpi=N</c> with the page's
/// bytes, and reads the <see cref="PageResult"/> JSON back. A 4xx answer (other than 408 and 429) becomes
/// a <see cref="PageRejectedException"/> carrying the problem's detail; 408, 429, 5xx, timeouts and
/// connection failures become a retryable <see cref="PageRecognitionException"/>.
/// Register with <see cref="PipelineServiceCollectionExtensions.AddHttpPageRecognizer"/>.
/// </summary>
public sealed class HttpPageRecognizer : IPageRecognizer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly HttpRecognizerOptions _options;

    /// <summary>Uses a client from the factory (base address set by the registration).</summary>
    public HttpPageRecognizer(HttpClient http, IOptions<HttpRecognizerOptions> options)
    {
        _http = http;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"v1/ocr?page=1&dpi={page.Dpi}"), UriKind.Relative);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        request.Content = new ReadOnlyMemoryContent(page.Content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(page.MediaType);
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Add("X-Api-Key", _options.ApiKey);
        }

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
            throw new PageRecognitionException($"Page {page.PageNumber}: the inference service could not be reached: {ex.Message}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
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
                throw new PageRecognitionException($"Page {page.PageNumber}: the inference service sent an unreadable result: {ex.Message}", ex);
            }

            return (result ?? throw new PageRecognitionException($"Page {page.PageNumber}: the inference service sent an empty result.")) with { Index = page.PageNumber };
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
