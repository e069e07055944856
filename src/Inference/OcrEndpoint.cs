using System.Diagnostics;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Vlm;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// <c>POST /v1/ocr</c>: the bytes of one image or PDF in, the PageResult of one page out. Cheap checks come first
/// (<see cref="UploadScreen"/>), then a page slot, then the stages (<see cref="OcrStages"/>). A caller who goes away is
/// noticed between stages, and its slot given back.
/// </summary>
internal static partial class OcrEndpoint
{
    private static readonly string[] AcceptedMediaTypes = ["application/pdf", "image/png", "image/jpeg", "image/bmp", "image/webp", "image/tiff", "image/gif", "application/octet-stream"];

    public static async Task<IResult> HandleAsync(
        HttpRequest request,
        EngineHost host,
        PageGate gate,
        InferenceMetrics metrics,
        IOptions<InferenceOptions> settings,
        ILogger<EngineHost> logger,
        int? page,
        int? dpi,
        string? engine,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var engineName = (engine ?? settings.Value.DefaultEngine).Trim().ToLowerInvariant();
        // Tags and the scope name only a known engine: the query string must not make up metric series.
        var engineTag = engineName is OcrEngine.Name or VlmEngine.Name ? engineName : "unknown";
        var pageNumber = page ?? 1;
        Activity.Current?.SetTag(OcrTelemetry.PageIndex, pageNumber).SetTag(OcrTelemetry.Engine, engineTag);
        using var scope = PageScope(logger, pageNumber, engineTag);
        string? failure = "canceled";
        try
        {
            var outcome = await ReadPageAsync(request, host, gate, settings.Value, logger, engineName, pageNumber, dpi, cancellationToken);
            failure = outcome.FailureReason;
            return outcome.Result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = "error";
            throw;
        }
        finally
        {
            metrics.RecordPage(engineTag, failure, clock.Elapsed);
            if (failure is null)
            {
                LogRead(logger, clock.Elapsed.TotalSeconds);
            }
        }
    }

    private static async Task<Outcome> ReadPageAsync(
        HttpRequest request, EngineHost host, PageGate gate, InferenceOptions options, ILogger logger, string engineName, int pageNumber, int? dpi, CancellationToken cancellationToken)
    {
        var ppocr = host.Engine;
        if (ppocr is null)
        {
            return Refuse(request, ServiceProblem.NotReady(host.Phase), options);
        }

        if (engineName is not (OcrEngine.Name or VlmEngine.Name))
        {
            return Refuse(request, new("bad_request", StatusCodes.Status400BadRequest, "Unknown engine", $"engine must be '{OcrEngine.Name}' or '{VlmEngine.Name}', not '{engineName}'."), options);
        }

        if (engineName == VlmEngine.Name && host.Vlm is null)
        {
            return Refuse(request, new("engine_unavailable", StatusCodes.Status409Conflict, "VLM engine not configured",
                "engine=vlm needs a PaddleOCR-VL server: set Inference:Vlm:ServerUrl (environment Inference__Vlm__ServerUrl) to its OpenAI-compatible URL."), options);
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !AcceptedMediaTypes.Contains(mediaType))
        {
            return Refuse(request, ServiceProblem.UnsupportedContentType(mediaType), options);
        }

        var resolution = dpi ?? options.DefaultDpi;
        if (pageNumber < 1 || resolution < 36 || resolution > options.MaxDpi)
        {
            return Refuse(request, ServiceProblem.BadParameter(options.MaxDpi), options);
        }

        try
        {
            var (upload, refusal) = await UploadScreen.ScreenAsync(request, options.MaxRequestBytes, cancellationToken);
            if (upload is null)
            {
                LogScreenedOut(logger, refusal!.Code);
                return Refuse(request, refusal, options);
            }

            if (!gate.TryEnter())
            {
                LogSaturated(logger, gate.Capacity);
                return Refuse(request, ServiceProblem.Busy(gate.Capacity), options);
            }

            try
            {
                return await ReadInSlotAsync(request, host, ppocr, upload, options, engineName, pageNumber, resolution, cancellationToken);
            }
            finally
            {
                gate.Exit();
            }
        }
        catch (DocumentException ex)
        {
            LogRejected(logger, ex.Kind, ex.Message);
            return Refuse(request, ServiceProblem.OfDocument(ex), options);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCanceled(logger);
            return new(Results.StatusCode(ServiceProblem.ClientClosedRequest), "canceled");
        }
    }

    private static async Task<Outcome> ReadInSlotAsync(
        HttpRequest request, EngineHost host, OcrEngine ppocr, Upload upload, InferenceOptions options, string engineName, int pageNumber, int resolution, CancellationToken cancellationToken)
    {
        var bytes = await upload.ReadAllAsync(options.MaxRequestBytes, cancellationToken);
        if (bytes is null)
        {
            return Refuse(request, ServiceProblem.TooLarge(options.MaxRequestBytes), options);
        }

        var limits = DocumentLimits.Default with { MaxBytes = options.MaxRequestBytes, MaxPixels = options.MaxPixels };
        var (result, raster) = await Task.Run(() => OcrStages.RenderAndRecognize(ppocr, bytes, limits, pageNumber, resolution, engineName, cancellationToken), cancellationToken);
        if (engineName == VlmEngine.Name)
        {
            // ppocr's blocks are the regions the VLM reads, and the text kept when an answer is refused.
            result = await host.Vlm!.RecognizeAsync(raster, result, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new(OcrStages.Serialize(result, engineName), null);
    }

    private static Outcome Refuse(HttpRequest request, ServiceProblem problem, InferenceOptions options) =>
        new(problem.ToResult(request.HttpContext.Response, options.RetryAfterSeconds), problem.Code);

    private readonly record struct Outcome(IResult Result, string? FailureReason);

    private static readonly Func<ILogger, int, string, IDisposable?> PageScope =
        LoggerMessage.DefineScope<int, string>("Page {PageIndex} ({Engine})");

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rejected a page: {Kind}: {Reason}")]
    private static partial void LogRejected(ILogger logger, DocumentErrorKind kind, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Saturated: {Capacity} pages in flight, answered 429")]
    private static partial void LogSaturated(ILogger logger, int capacity);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Read the page in {Seconds:F2} s")]
    private static partial void LogRead(ILogger logger, double seconds);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "The caller went away; the page was dropped")]
    private static partial void LogCanceled(ILogger logger);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Rejected a page before taking a slot: {Code}")]
    private static partial void LogScreenedOut(ILogger logger, string code);
}
