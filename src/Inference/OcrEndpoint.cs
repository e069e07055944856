using System.Diagnostics;
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
        IOptions<InferenceOptions> settings,
        ILogger<EngineHost> logger,
        int? page,
        int? dpi,
        string? engine,
        CancellationToken cancellationToken)
    {
        var options = settings.Value;
        var ppocr = host.Engine;
        if (ppocr is null)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Not ready", $"The OCR engine is not ready: {host.State}.");
        }

        var engineName = (engine ?? options.DefaultEngine).Trim().ToLowerInvariant();
        if (engineName is not (OcrEngine.Name or VlmEngine.Name))
        {
            return Problem(StatusCodes.Status400BadRequest, "Unknown engine", $"engine must be '{OcrEngine.Name}' or '{VlmEngine.Name}', not '{engineName}'.");
        }

        if (engineName == VlmEngine.Name && host.Vlm is null)
        {
            return Problem(StatusCodes.Status409Conflict, "VLM engine not configured",
                "engine=vlm needs a PaddleOCR-VL server: set Inference:Vlm:ServerUrl (environment Inference__Vlm__ServerUrl) to its OpenAI-compatible URL.");
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !AcceptedMediaTypes.Contains(mediaType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{mediaType ?? "(none)"}' is not accepted; send application/pdf or an image (png, jpeg, bmp, webp, tiff, gif).");
        }

        var pageNumber = page ?? 1;
        var resolution = dpi ?? options.DefaultDpi;
        if (pageNumber < 1 || resolution < 36 || resolution > options.MaxDpi)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad parameter", $"page must be ≥ 1 and dpi between 36 and {options.MaxDpi}.");
        }

        if (request.ContentLength > options.MaxRequestBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"The body is {request.ContentLength} bytes; the limit is {options.MaxRequestBytes}.");
        }

        if (!gate.TryEnter())
        {
            LogSaturated(logger, gate.Capacity);
            request.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Busy",
                detail: $"{gate.Capacity} pages are being processed; retry later.",
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = options.RetryAfterSeconds });
        }

        try
        {
            var bytes = await ReadBodyAsync(request, options.MaxRequestBytes, cancellationToken);
            if (bytes is null)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"The body exceeds {options.MaxRequestBytes} bytes.");
            }

            if (bytes.Length == 0)
            {
                return Problem(StatusCodes.Status422UnprocessableEntity, "Empty body", "The request body is empty; send the bytes of an image or PDF.");
            }

            var limits = DocumentLimits.Default with { MaxBytes = options.MaxRequestBytes, MaxPixels = options.MaxPixels };
            var (result, raster) = await Task.Run(() => Recognize(ppocr, bytes, limits, pageNumber, resolution), cancellationToken);
            if (engineName == VlmEngine.Name)
            {
                // ppocr's blocks are the regions the VLM reads, and the text kept when an answer is refused.
                result = await host.Vlm!.RecognizeAsync(raster, result, cancellationToken);
            }

            return Results.Json(result, InferenceJson.Options);
        }
        catch (DocumentException ex)
        {
            LogRejected(logger, ex.Kind, ex.Message);
            return ex.Kind switch
            {
                DocumentErrorKind.UnsupportedType => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported document", ex.Message),
                DocumentErrorKind.TooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Too large", ex.Message),
                DocumentErrorKind.PageOutOfRange => Problem(StatusCodes.Status422UnprocessableEntity, "No such page", ex.Message),
                DocumentErrorKind.Encrypted => Problem(StatusCodes.Status422UnprocessableEntity, "Encrypted document", ex.Message),
                _ => Problem(StatusCodes.Status422UnprocessableEntity, "Undecodable document", ex.Message),
            };
        }
        finally
        {
            gate.Exit();
        }
    }

    private static (PageResult Result, RasterImage Raster) Recognize(OcrEngine engine, byte[] bytes, DocumentLimits limits, int pageNumber, int dpi)
    {
        var clock = Stopwatch.StartNew();
        using var document = DocumentOpener.Open(bytes, limits);
        if (pageNumber > document.PageCount)
        {
            throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"Page {pageNumber} was asked for; the document has {document.PageCount}.");
        }

        var raster = document.RenderPage(pageNumber - 1, dpi);
        var render = new Dictionary<string, double> { ["render"] = Math.Round(clock.Elapsed.TotalMilliseconds, 2) };
        double? effectiveDpi = document.Type == DocumentType.Pdf ? dpi : null;
        return (engine.Recognize(raster, pageNumber, OcrRequestOptions.Default, effectiveDpi, render), raster);
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

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Rejected a page: {Kind}: {Reason}")]
    private static partial void LogRejected(ILogger logger, DocumentErrorKind kind, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Saturated: {Capacity} pages in flight, answered 429")]
    private static partial void LogSaturated(ILogger logger, int capacity);
}
