using System.Diagnostics;
using System.Globalization;
using Folio.Ocr;
using Folio.Vlm;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>Endpoint metadata: a page endpoint, admitted by <see cref="PageAdmission"/> and then given a page slot.</summary>
internal sealed class PageEndpoint
{
    private PageEndpoint(bool readsText) => ReadsText = readsText;

    /// <summary><c>/v1/ocr</c>: checks the engine and the content type too, and counts its pages (<see cref="InferenceMetrics"/>).</summary>
    public static PageEndpoint Ocr { get; } = new(readsText: true);

    /// <summary><c>/v1/render</c>.</summary>
    public static PageEndpoint Render { get; } = new(readsText: false);

    /// <summary>Whether the endpoint reads the page's text (the OCR endpoint).</summary>
    public bool ReadsText { get; }
}

/// <summary>Marks page endpoints.</summary>
internal static class PageEndpoints
{
    /// <summary>The endpoint is a page endpoint: admitted first, then inside a page slot (<see cref="PageSlots"/>).</summary>
    public static TBuilder AsPageEndpoint<TBuilder>(this TBuilder builder, PageEndpoint kind)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(kind).RequireRateLimiting(PageSlots.PolicyName);
}

/// <summary>What <see cref="PageAdmission"/> found in a page request, for the endpoint, and how the request ended.</summary>
internal sealed class PageRequestFeature(string engineName)
{
    /// <summary>The engine the request asked for (or the default), lower case.</summary>
    public string EngineName { get; } = engineName;

    /// <summary>The page, first page and resolution, checked.</summary>
    public PageQuery Query { get; set; } = new(1, 1, 0);

    /// <summary>The body, its first bytes checked.</summary>
    public Upload? Upload { get; set; }

    /// <summary>Why the request failed (the metrics' <c>reason</c>), null when it succeeded; <c>canceled</c> until it ends.</summary>
    public string? FailureReason { get; private set; } = "canceled";

    public void Succeed() => FailureReason = null;

    public void Fail(string reason) => FailureReason = reason;
}

/// <summary>
/// The checks of a page request that cost next to nothing, made before it takes or waits for a page slot, so that
/// bad input gets its 4xx even while every slot is busy (a 429 would tell the client to send the same bytes again).
/// For <c>/v1/ocr</c>: the engine is loaded, the engine asked for exists and is configured, the Content-Type is
/// accepted. For both page endpoints: the query, then the start of the body (<see cref="UploadScreen"/>). It runs
/// after routing and the API key check and before the rate limiting middleware (<see cref="PageSlots"/>); for
/// <c>/v1/ocr</c> it also counts every outcome (<see cref="InferenceMetrics.RecordPage"/>) and opens the page's log
/// scope around everything after it.
/// </summary>
internal sealed partial class PageAdmission(
    RequestDelegate next, EngineHost host, InferenceMetrics metrics, IOptions<InferenceOptions> settings, ILogger<PageAdmission> logger)
{
    private static readonly string[] AcceptedMediaTypes = ["application/pdf", "image/png", "image/jpeg", "image/bmp", "image/webp", "image/tiff", "image/gif", "application/octet-stream"];

    private static readonly Func<ILogger, int, string, IDisposable?> PageScope =
        LoggerMessage.DefineScope<int, string>("Page {PageNumber} ({Engine})");

    /// <summary>The media types <c>/v1/ocr</c> and <c>/v1/render</c> accept (the OpenAPI document lists them).</summary>
    public static IReadOnlyList<string> MediaTypes => AcceptedMediaTypes;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PageEndpoint>() is not { } endpoint)
        {
            await next(context);
            return;
        }

        var options = settings.Value;
        var query = context.Request.Query;
        var page = new PageRequestFeature((query["engine"].ToString() is { Length: > 0 } named ? named : options.DefaultEngine).Trim().ToLowerInvariant());
        context.Features.Set(page);
        if (!endpoint.ReadsText)
        {
            await AdmitAsync(context, endpoint, page, options);
            return;
        }

        var clock = Stopwatch.StartNew();
        // Tags and the scope name only a known engine: the query string must not make up metric series.
        var engineTag = page.EngineName is OcrEngine.Name or VlmEngine.Name ? page.EngineName : "unknown";
        var pageNumber = int.TryParse(query["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 1;
        Activity.Current?.SetTag(OcrTelemetry.PageNumber, pageNumber).SetTag(OcrTelemetry.Engine, engineTag);
        using var scope = PageScope(logger, pageNumber, engineTag);
        try
        {
            await AdmitAsync(context, endpoint, page, options);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            page.Fail("error");
            throw;
        }
        finally
        {
            metrics.RecordPage(engineTag, page.FailureReason, clock.Elapsed);
            if (page.FailureReason is null)
            {
                LogRead(logger, clock.Elapsed.TotalSeconds);
            }
        }
    }

    private async Task AdmitAsync(HttpContext context, PageEndpoint endpoint, PageRequestFeature page, InferenceOptions options)
    {
        var problem = (endpoint.ReadsText ? CheckEngineAndType(context.Request, page.EngineName) : null) ?? ParseQuery(context.Request.Query, options, page);
        if (problem is null)
        {
            try
            {
                (page.Upload, problem) = await UploadScreen.ScreenAsync(context.Request, options.MaxRequestBytes, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                await PageRequest.CanceledAsync(context, logger);
                return;
            }
        }

        if (problem is not null)
        {
            LogScreenedOut(logger, problem.Code);
            page.Fail(problem.Code);
            await problem.ToResult(context.Response, options.RetryAfterSeconds).ExecuteAsync(context);
            return;
        }

        // The rate limiter, then the endpoint.
        await next(context);
    }

    private ServiceProblem? CheckEngineAndType(HttpRequest request, string engineName)
    {
        if (host.Engine is null)
        {
            return ServiceProblem.NotReady(host.Phase);
        }

        if (engineName is not (OcrEngine.Name or VlmEngine.Name))
        {
            return new("bad_request", StatusCodes.Status400BadRequest, "Unknown engine", $"engine must be '{OcrEngine.Name}' or '{VlmEngine.Name}', not '{engineName}'.");
        }

        if (engineName == VlmEngine.Name && host.Vlm is null)
        {
            return new("engine_unavailable", StatusCodes.Status409Conflict, "VLM engine not configured",
                "engine=vlm needs a PaddleOCR-VL server: set Inference:Vlm:ServerUrl (environment Inference__Vlm__ServerUrl) to its OpenAI-compatible URL.");
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType is null || !AcceptedMediaTypes.Contains(mediaType) ? ServiceProblem.UnsupportedContentType(mediaType) : null;
    }

    private static ServiceProblem? ParseQuery(IQueryCollection query, InferenceOptions options, PageRequestFeature page)
    {
        static bool TryNumber(IQueryCollection query, string name, int fallback, out int value)
        {
            var text = query[name].ToString();
            value = fallback;
            return text.Length == 0 || int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        }

        if (!TryNumber(query, "page", 1, out var pageNumber) || !TryNumber(query, "firstPage", 1, out var firstPage) || !TryNumber(query, "dpi", options.DefaultDpi, out var dpi)
            || pageNumber < 1 || firstPage < 1 || dpi < InferenceOptions.MinDpi || dpi > options.MaxDpi)
        {
            return ServiceProblem.BadParameter(options.MaxDpi);
        }

        page.Query = new PageQuery(pageNumber, firstPage, dpi);
        return null;
    }

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Read the page in {Seconds:F2} s")]
    private static partial void LogRead(ILogger logger, double seconds);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Rejected a page before taking a slot: {Code}")]
    private static partial void LogScreenedOut(ILogger logger, string code);
}
