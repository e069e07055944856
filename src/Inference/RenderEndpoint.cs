using System.Globalization;
using Folio.Documents;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// <c>POST /v1/render</c>: the bytes of one image or PDF in, one page as PNG out, as the OCR endpoint sees it (the same
/// <see cref="PageReader"/>), with the upload's page count in <see cref="PageCountHeader"/>. The same steps as
/// <c>/v1/ocr</c> (<see cref="PageAdmission"/>, <see cref="PageRequest"/>).
/// </summary>
internal static class RenderEndpoint
{
    public const string PageCountHeader = "X-Page-Count";

    public static Task<IResult> HandleAsync(HttpContext context, IOptions<InferenceOptions> settings, ILogger<PageSlots> logger, CancellationToken cancellationToken) =>
        PageRequest.HandleAsync(context, settings.Value, logger, async (bytes, query, limits, ct) =>
        {
            var (png, pageCount) = await Task.Run(() => Render(bytes, query, limits, ct), ct);
            ct.ThrowIfCancellationRequested();
            context.Response.Headers[PageCountHeader] = pageCount.ToString(CultureInfo.InvariantCulture);
            return Results.File(png, "image/png");
        }, cancellationToken);

    private static (byte[] Png, int PageCount) Render(byte[] bytes, PageQuery query, DocumentLimits limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var page = PageReader.Read(bytes, query.PageNumber, query.Dpi, limits, query.FirstPageNumber, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return (PngEncoder.Encode(page.Raster), page.SourcePageCount);
    }
}
