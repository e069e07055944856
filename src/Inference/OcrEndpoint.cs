using System.Diagnostics;
using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Ocr.Imaging;
using Folio.Vlm;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary><c>POST /v1/ocr</c>: the bytes of one image or PDF in, the PageResult of one page out.</summary>
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
            return Problem("not_ready", StatusCodes.Status503ServiceUnavailable, "Not ready", $"The OCR engine is not ready: {host.State}.");
        }

        if (engineName is not (OcrEngine.Name or VlmEngine.Name))
        {
            return Problem("bad_request", StatusCodes.Status400BadRequest, "Unknown engine", $"engine must be '{OcrEngine.Name}' or '{VlmEngine.Name}', not '{engineName}'.");
        }

        if (engineName == VlmEngine.Name && host.Vlm is null)
        {
            return Problem("engine_unavailable", StatusCodes.Status409Conflict, "VLM engine not configured",
                "engine=vlm needs a PaddleOCR-VL server: set Inference:Vlm:ServerUrl (environment Inference__Vlm__ServerUrl) to its OpenAI-compatible URL.");
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !AcceptedMediaTypes.Contains(mediaType))
        {
            return Problem("unsupported_type", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{mediaType ?? "(none)"}' is not accepted; send application/pdf or an image (png, jpeg, bmp, webp, tiff, gif).");
        }

        var resolution = dpi ?? options.DefaultDpi;
        if (pageNumber < 1 || resolution < 36 || resolution > options.MaxDpi)
        {
            return Problem("bad_request", StatusCodes.Status400BadRequest, "Bad parameter", $"page must be ≥ 1 and dpi between 36 and {options.MaxDpi}.");
        }

        if (request.ContentLength > options.MaxRequestBytes)
        {
            return Problem("too_large", StatusCodes.Status413PayloadTooLarge, "Too large", $"The body is {request.ContentLength} bytes; the limit is {options.MaxRequestBytes}.");
        }

        if (!gate.TryEnter())
        {
            LogSaturated(logger, gate.Capacity);
            request.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new(Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Busy",
                detail: $"{gate.Capacity} pages are being processed; retry later.",
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = options.RetryAfterSeconds }), "busy");
        }

        try
        {
            var bytes = await ReadBodyAsync(request, options.MaxRequestBytes, cancellationToken);
            if (bytes is null)
            {
                return Problem("too_large", StatusCodes.Status413PayloadTooLarge, "Too large", $"The body exceeds {options.MaxRequestBytes} bytes.");
            }

            if (bytes.Length == 0)
            {
                return Problem("empty", StatusCodes.Status422UnprocessableEntity, "Empty body", "The request body is empty; send the bytes of an image or PDF.");
            }

            var limits = DocumentLimits.Default with { MaxBytes = options.MaxRequestBytes, MaxPixels = options.MaxPixels };
            var (result, raster) = await Task.Run(() => Recognize(ppocr, bytes, limits, pageNumber, resolution, engineName), cancellationToken);
            if (engineName == VlmEngine.Name)
            {
                // ppocr's blocks are the regions the VLM reads, and the text kept when an answer is refused.
                result = await host.Vlm!.RecognizeAsync(raster, result, cancellationToken);
            }

            return new(Serialize(result, engineName), null);
        }
        catch (DocumentException ex)
        {
            LogRejected(logger, ex.Kind, ex.Message);
            return ex.Kind switch
            {
                DocumentErrorKind.UnsupportedType => Problem("unsupported_type", StatusCodes.Status415UnsupportedMediaType, "Unsupported document", ex.Message),
                DocumentErrorKind.TooLarge => Problem("too_large", StatusCodes.Status413PayloadTooLarge, "Too large", ex.Message),
                DocumentErrorKind.PageOutOfRange => Problem("page_out_of_range", StatusCodes.Status422UnprocessableEntity, "No such page", ex.Message),
                DocumentErrorKind.Encrypted => Problem("encrypted", StatusCodes.Status422UnprocessableEntity, "Encrypted document", ex.Message),
                _ => Problem("undecodable", StatusCodes.Status422UnprocessableEntity, "Undecodable document", ex.Message),
            };
        }
        finally
        {
            gate.Exit();
        }
    }

    // The render stage: opening the bytes (images are decoded then) and rendering the page.
    private static (PageResult Result, RasterImage Raster) Recognize(OcrEngine engine, byte[] bytes, DocumentLimits limits, int pageNumber, int dpi, string engineName)
    {
        var clock = Stopwatch.StartNew();
        IDocument? document = null;
        try
        {
            RasterImage raster;
            using (var span = StartStage("render", pageNumber, engineName))
            {
                try
                {
                    document = DocumentOpener.Open(bytes, limits);
                    if (pageNumber > document.PageCount)
                    {
                        throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"Page {pageNumber} was asked for; the document has {document.PageCount}.");
                    }

                    raster = document.RenderPage(pageNumber - 1, dpi);
                }
                catch (DocumentException ex)
                {
                    span?.SetStatus(ActivityStatusCode.Error, ex.Kind.ToString());
                    throw;
                }

                span?.SetTag(OcrTelemetry.PageWidth, raster.Width).SetTag(OcrTelemetry.PageHeight, raster.Height);
                OcrTelemetry.RecordStage("render", clock.Elapsed.TotalSeconds);
            }

            var render = new Dictionary<string, double> { ["render"] = Math.Round(clock.Elapsed.TotalMilliseconds, 2) };
            double? effectiveDpi = document.Type == DocumentType.Pdf ? dpi : null;
            return (engine.Recognize(raster, pageNumber, OcrRequestOptions.Default, effectiveDpi, render), raster);
        }
        finally
        {
            document?.Dispose();
        }
    }

    // The serialize stage: the PageResult to JSON bytes, inside its span (Results.Json would write it after the span).
    private static IResult Serialize(PageResult result, string engineName)
    {
        var clock = Stopwatch.StartNew();
        using var span = StartStage("serialize", result.Index, engineName);
        span?.SetTag(OcrTelemetry.PageWidth, result.Width).SetTag(OcrTelemetry.PageHeight, result.Height)
            .SetTag(OcrTelemetry.Lines, result.Blocks.Sum(b => b.Lines.Count));
        var json = JsonSerializer.SerializeToUtf8Bytes(result, InferenceJson.Options);
        OcrTelemetry.RecordStage("serialize", clock.Elapsed.TotalSeconds);
        return Results.Bytes(json, "application/json; charset=utf-8");
    }

    private static Activity? StartStage(string stage, int pageNumber, string engineName)
    {
        var span = InferenceMetrics.Source.StartActivity(stage, ActivityKind.Internal);
        span?.SetTag(OcrTelemetry.PageIndex, pageNumber).SetTag(OcrTelemetry.Engine, engineName);
        return span;
    }

    // Reads at most limit bytes; null when the body is longer (chunked bodies carry no Content-Length).
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Outcome Problem(string reason, int status, string title, string detail) =>
        new(Results.Problem(statusCode: status, title: title, detail: detail), reason);

    private readonly record struct Outcome(IResult Result, string? FailureReason);

    private static readonly Func<ILogger, int, string, IDisposable?> PageScope =
        LoggerMessage.DefineScope<int, string>("Page {PageIndex} ({Engine})");

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rejected a page: {Kind}: {Reason}")]
    private static partial void LogRejected(ILogger logger, DocumentErrorKind kind, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Saturated: {Capacity} pages in flight, answered 429")]
    private static partial void LogSaturated(ILogger logger, int capacity);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Read the page in {Seconds:F2} s")]
    private static partial void LogRead(ILogger logger, double seconds);
}
