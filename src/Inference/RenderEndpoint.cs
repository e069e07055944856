using System.Globalization;
using Folio.Documents;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Folio.Inference;

/// <summary><c>POST /v1/render</c>: the bytes of one image or PDF in, one page as PNG out, as the OCR endpoint sees it.</summary>
internal static partial class RenderEndpoint
{
    public const string PageCountHeader = "X-Page-Count";

    public static async Task<IResult> HandleAsync(
        HttpRequest request,
        PageGate gate,
        IOptions<InferenceOptions> settings,
        ILogger<PageGate> logger,
        int? page,
        int? dpi,
        CancellationToken cancellationToken)
    {
        var options = settings.Value;
        var pageNumber = page ?? 1;
        var resolution = dpi ?? options.DefaultDpi;
        if (pageNumber < 1 || resolution < 36 || resolution > options.MaxDpi)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad parameter", detail: $"page must be ≥ 1 and dpi between 36 and {options.MaxDpi}.");
        }

        if (!gate.TryEnter())
        {
            request.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Busy", detail: $"{gate.Capacity} pages are being processed; retry later.");
        }

        try
        {
            var bytes = await ReadBodyAsync(request.Body, options.MaxRequestBytes, cancellationToken);
            if (bytes is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: $"The body exceeds {options.MaxRequestBytes} bytes.");
            }

            var limits = DocumentLimits.Default with { MaxBytes = options.MaxRequestBytes, MaxPixels = options.MaxPixels };
            var (png, pageCount) = await Task.Run(() => Render(bytes, limits, pageNumber, resolution), cancellationToken);
            request.HttpContext.Response.Headers[PageCountHeader] = pageCount.ToString(CultureInfo.InvariantCulture);
            return Results.File(png, "image/png");
        }
        catch (DocumentException ex)
        {
            LogRejected(logger, ex.Kind, ex.Message);
            var (status, title) = StatusOf(ex.Kind);
            return Results.Problem(statusCode: status, title: title, detail: ex.Message);
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>The HTTP status and title for a document error (the same mapping as <c>/v1/ocr</c>).</summary>
    public static (int Status, string Title) StatusOf(DocumentErrorKind kind) => kind switch
    {
        DocumentErrorKind.UnsupportedType => (StatusCodes.Status415UnsupportedMediaType, "Unsupported document"),
        DocumentErrorKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Too large"),
        DocumentErrorKind.PageOutOfRange => (StatusCodes.Status422UnprocessableEntity, "No such page"),
        DocumentErrorKind.Encrypted => (StatusCodes.Status422UnprocessableEntity, "Encrypted document"),
        _ => (StatusCodes.Status422UnprocessableEntity, "Undecodable document"),
    };

    private static (byte[] Png, int PageCount) Render(byte[] bytes, DocumentLimits limits, int pageNumber, int dpi)
    {
        using var document = DocumentOpener.Open(bytes, limits);
        if (pageNumber > document.PageCount)
        {
            throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"Page {pageNumber} was asked for; the document has {document.PageCount}.");
        }

        var raster = document.RenderPage(pageNumber - 1, dpi);
        var info = new SKImageInfo(raster.Width, raster.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, raster.Bgra.AsSpan(), raster.Stride)
            ?? throw new DocumentException(DocumentErrorKind.Undecodable, "The page could not be converted to PNG.");
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), document.PageCount);
    }

    // At most limit bytes; null when the body is longer (chunked bodies carry no Content-Length).
    private static async Task<byte[]?> ReadBodyAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Rejected a page to render: {Kind}: {Reason}")]
    private static partial void LogRejected(ILogger logger, DocumentErrorKind kind, string reason);
}
