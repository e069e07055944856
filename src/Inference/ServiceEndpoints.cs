using Folio.Contracts;
using Folio.Ocr;
using Folio.Vlm;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>Maps the service's <c>/v1</c> routes but the viewer's (the probes: <see cref="HealthEndpoints"/>).</summary>
internal static class ServiceEndpoints
{
    public static void MapServiceEndpoints(this WebApplication app)
    {
        // Everything under /v1 needs the API key when one is set: metadata on the endpoints, whatever the path's case.
        var v1 = app.MapGroup("/v1").RequireApiKey();
        v1.MapGet("/info", (EngineHost host, PageSlots slots, IOptions<InferenceOptions> options, HttpResponse response) => host.Engine is { } engine
                ? Results.Ok(new ServiceInfo(engine.Info.Engine, engine.Info.Device.Provider, engine.Info.Device.Detail, engine.Info.Device.IntraOpThreads, engine.Info.Models, slots.Capacity, slots.InFlight, host.LoadSeconds)
                {
                    DefaultEngine = options.Value.DefaultEngine,
                    PageQueueLength = slots.QueueLength,
                    PagesQueued = slots.Queued,
                    Settings = engine.Info.Settings,
                    Vlm = host.Vlm?.Info,
                })
                : ServiceProblem.NotReady(host.Phase).ToResult(response))
            .WithTags("Service")
            .WithSummary("Engine, model files and hashes, execution provider, threads; the VLM backend, its URL, model and fallbacks.")
            .Produces<ServiceInfo>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        v1.MapPost("/ocr", OcrEndpoint.HandleAsync)
            .AsPageEndpoint(PageEndpoint.Ocr)
            .WithTags("Pages")
            .WithSummary("Reads one page.")
            .WithDescription("Body: the bytes of one image (png, jpeg, bmp, webp, tiff, gif) or PDF, with its Content-Type. Query: page (1-based number of the page in its document, default 1), firstPage (number of the upload's first page in its document, default 1: a page sent alone gives its own number, and the result carries it), dpi (PDF rendering, default 150) and engine (ppocr, or vlm when a PaddleOCR-VL server is configured; default Inference:DefaultEngine). Answers the PageResult JSON, or problem+json: 413 over the size or pixel limit, 415 for an unsupported type, 409 for engine=vlm without a VLM server, 422 for undecodable, empty or encrypted input or a PDF page poppler cannot open or render within Inference:RenderTimeoutSeconds (code too_complex), 429 with Retry-After when saturated, 504 when the page outlasts Inference:PageTimeoutSeconds.")
            .Produces<PageResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>What <c>/v1/info</c> reports.</summary>
internal sealed record ServiceInfo(
    string Engine,
    string ExecutionProvider,
    string ProviderDetail,
    int IntraOpThreads,
    IReadOnlyDictionary<string, string> Models,
    int MaxPagesInFlight,
    int PagesInFlight,
    double LoadSeconds)
{
    /// <summary>Engine of requests that name none.</summary>
    public string DefaultEngine { get; init; } = OcrEngine.Name;

    /// <summary>Page requests that may wait for a slot (Inference:PageQueueLength); beyond them, 429.</summary>
    public int PageQueueLength { get; init; }

    /// <summary>Page requests waiting for a slot now.</summary>
    public int PagesQueued { get; init; }

    /// <summary>Load-time settings that change what the engine reads (clients key cached pages on them).</summary>
    public string Settings { get; init; } = string.Empty;

    /// <summary>The vlm engine's backend, URL, model, load and fallbacks; absent when no VLM server is configured.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public VlmInfo? Vlm { get; init; }
}
