using System.Diagnostics;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Vlm;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// <c>POST /v1/ocr</c>: the bytes of one image or PDF in, the PageResult of one page out. The engine and the content
/// type are checked first, then the steps of every page request (<see cref="PageRequest"/>) run the stages
/// (<see cref="OcrStages"/>). A caller who goes away is noticed between stages, and its slot given back.
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
        int? firstPage,
        int? dpi,
        string? engine,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var engineName = (engine ?? settings.Value.DefaultEngine).Trim().ToLowerInvariant();
        // Tags and the scope name only a known engine: the query string must not make up metric series.
        var engineTag = engineName is OcrEngine.Name or VlmEngine.Name ? engineName : "unknown";
        var pageNumber = page ?? 1;
        Activity.Current?.SetTag(OcrTelemetry.PageNumber, pageNumber).SetTag(OcrTelemetry.Engine, engineTag);
        using var scope = PageScope(logger, pageNumber, engineTag);
        string? failure = "canceled";
        try
        {
            var outcome = await ReadPageAsync(request, host, gate, settings.Value, logger, engineName, page, firstPage, dpi, cancellationToken);
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

    private static async Task<PageOutcome> ReadPageAsync(
        HttpRequest request, EngineHost host, PageGate gate, InferenceOptions options, ILogger logger, string engineName, int? page, int? firstPage, int? dpi, CancellationToken cancellationToken)
    {
        var ppocr = host.Engine;
        if (ppocr is null)
        {
            return PageRequest.Refuse(request, ServiceProblem.NotReady(host.Phase), options);
        }

        if (engineName is not (OcrEngine.Name or VlmEngine.Name))
        {
            return PageRequest.Refuse(request, new("bad_request", StatusCodes.Status400BadRequest, "Unknown engine", $"engine must be '{OcrEngine.Name}' or '{VlmEngine.Name}', not '{engineName}'."), options);
        }

        if (engineName == VlmEngine.Name && host.Vlm is null)
        {
            return PageRequest.Refuse(request, new("engine_unavailable", StatusCodes.Status409Conflict, "VLM engine not configured",
                "engine=vlm needs a PaddleOCR-VL server: set Inference:Vlm:ServerUrl (environment Inference__Vlm__ServerUrl) to its OpenAI-compatible URL."), options);
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !AcceptedMediaTypes.Contains(mediaType))
        {
            return PageRequest.Refuse(request, ServiceProblem.UnsupportedContentType(mediaType), options);
        }

        return await PageRequest.HandleAsync(request, gate, options, logger, page, firstPage, dpi, async (bytes, query, limits, ct) =>
        {
            var (result, raster) = await Task.Run(() => OcrStages.RenderAndRecognize(ppocr, bytes, limits, query, engineName, ct), ct);
            if (engineName == VlmEngine.Name)
            {
                // ppocr's blocks are the regions the VLM reads, and the text kept when an answer is refused.
                result = await host.Vlm!.RecognizeAsync(raster, result, ct);
            }

            ct.ThrowIfCancellationRequested();
            return OcrStages.Serialize(result, engineName);
        }, cancellationToken);
    }

    private static readonly Func<ILogger, int, string, IDisposable?> PageScope =
        LoggerMessage.DefineScope<int, string>("Page {PageNumber} ({Engine})");

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Read the page in {Seconds:F2} s")]
    private static partial void LogRead(ILogger logger, double seconds);
}
