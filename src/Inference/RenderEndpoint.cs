using System.Globalization;
using Folio.Documents;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// <c>POST /v1/render</c>: the bytes of one image or PDF in, one page as PNG out, as the OCR endpoint sees it (the same
/// <see cref="PageReader"/>), with the upload's page count in <see cref="PageCountHeader"/>. The same steps as
/// <c>/v1/ocr</c> (<see cref="PageRequest"/>).
/// </summary>
internal static class RenderEndpoint
{
    public const string PageCountHeader = "X-Page-Count";

    public static async Task<IResult> HandleAsync(
        HttpRequest request,
        PageGate gate,
        IOptions<InferenceOptions> settings,
        ILogger<PageGate> logger,
        int? page,
        int? firstPage,
        int? dpi,
        CancellationToken cancellationToken)
    {
        var outcome = await PageRequest.HandleAsync(request, gate, settings.Value, logger, page, firstPage, dpi, async (bytes, query, limits, ct) =>
        {
            var (png, pageCount) = await Task.Run(() => Render(bytes, query, limits, ct), ct);
            ct.ThrowIfCancellationRequested();
            request.HttpContext.Response.Headers[PageCountHeader] = pageCount.ToString(CultureInfo.InvariantCulture);
            return Results.File(png, "image/png");
        }, cancellationToken);
        return outcome.Result;
    }

    private static (byte[] Png, int PageCount) Render(byte[] bytes, PageQuery query, DocumentLimits limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var page = PageReader.Read(bytes, query.PageNumber, query.Dpi, limits, query.FirstPageNumber);
        cancellationToken.ThrowIfCancellationRequested();
        return (PngEncoder.Encode(page.Raster), page.SourcePageCount);
    }
}
