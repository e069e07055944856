using Folio.Vlm;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// <c>POST /v1/ocr</c>: the bytes of one image or PDF in, the PageResult of one page out. The engine, the content type,
/// the query and the start of the body are checked before a page slot is taken (<see cref="PageAdmission"/>), then
/// the steps of every page request (<see cref="PageRequest"/>) run the stages (<see cref="OcrStages"/>). A caller who
/// goes away is noticed between stages, and its slot given back.
/// </summary>
internal static class OcrEndpoint
{
    public static Task<IResult> HandleAsync(HttpContext context, EngineHost host, IOptions<InferenceOptions> settings, ILogger<EngineHost> logger, CancellationToken cancellationToken)
    {
        var engineName = context.Features.GetRequiredFeature<PageRequestFeature>().EngineName;
        // Admitted: the engine is loaded, and a vlm request has its server.
        var ppocr = host.Engine!;
        return PageRequest.HandleAsync(context, settings.Value, logger, async (bytes, query, limits, ct) =>
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
}
