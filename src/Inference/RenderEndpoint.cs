using System.Globalization;
using Folio.Documents;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Folio.Inference;

/// <summary>
/// <c>POST /v1/render</c>: the bytes of one image or PDF in, one page as PNG out, as the OCR endpoint sees it. The same
/// order as <c>/v1/ocr</c>: cheap checks, then a page slot, then the work, dropped when the caller goes away.
/// </summary>
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
        var response = request.HttpContext.Response;
        var pageNumber = page ?? 1;
        var resolution = dpi ?? options.DefaultDpi;
        if (pageNumber < 1 || resolution < 36 || resolution > options.MaxDpi)
        {
            return ServiceProblem.BadParameter(options.MaxDpi).ToResult(response);
        }

        try
        {
            var (upload, refusal) = await UploadScreen.ScreenAsync(request, options.MaxRequestBytes, cancellationToken);
            if (upload is null)
            {
                return refusal!.ToResult(response);
            }

            if (!gate.TryEnter())
            {
                return ServiceProblem.Busy(gate.Capacity).ToResult(response, options.RetryAfterSeconds);
            }

            try
            {
                var bytes = await upload.ReadAllAsync(options.MaxRequestBytes, cancellationToken);
                if (bytes is null)
                {
                    return ServiceProblem.TooLarge(options.MaxRequestBytes).ToResult(response);
                }

                var limits = DocumentLimits.Default with { MaxBytes = options.MaxRequestBytes, MaxPixels = options.MaxPixels };
                var (png, pageCount) = await Task.Run(() => Render(bytes, limits, pageNumber, resolution, cancellationToken), cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                response.Headers[PageCountHeader] = pageCount.ToString(CultureInfo.InvariantCulture);
                return Results.File(png, "image/png");
            }
            finally
            {
                gate.Exit();
            }
        }
        catch (DocumentException ex)
        {
            LogRejected(logger, ex.Kind, ex.Message);
            return ServiceProblem.OfDocument(ex).ToResult(response);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Results.StatusCode(ServiceProblem.ClientClosedRequest);
        }
    }

    private static (byte[] Png, int PageCount) Render(byte[] bytes, DocumentLimits limits, int pageNumber, int dpi, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var document = DocumentOpener.Open(bytes, limits);
        if (pageNumber > document.PageCount)
        {
            throw new DocumentException(DocumentErrorKind.PageOutOfRange, $"Page {pageNumber} was asked for; the document has {document.PageCount}.");
        }

        var raster = document.RenderPage(pageNumber - 1, dpi);
        cancellationToken.ThrowIfCancellationRequested();
        var info = new SKImageInfo(raster.Width, raster.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, raster.Bgra.AsSpan(), raster.Stride)
            ?? throw new DocumentException(DocumentErrorKind.Undecodable, "The page could not be converted to PNG.");
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), document.PageCount);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Rejected a page to render: {Kind}: {Reason}")]
    private static partial void LogRejected(ILogger logger, DocumentErrorKind kind, string reason);
}
