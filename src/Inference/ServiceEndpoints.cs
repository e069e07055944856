using Folio.Contracts;
using Folio.Ocr;
using Folio.Vlm;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>Maps the service's routes.</summary>
internal static class ServiceEndpoints
{
    public static void MapServiceEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }))
            .WithSummary("Liveness: the process answers.");

        app.MapGet("/readyz", (EngineHost host, IOptions<InferenceOptions> options, HttpContext context, CancellationToken cancellationToken) => ReadinessAsync(host, options.Value, ApiKeyMiddleware.IsTrusted(context, options.Value), cancellationToken))
            .WithSummary("Readiness: models loaded and warmed up; with a VLM server configured, the server answers and serves the model. With an API key set, callers without it see only the phase.");

        // Everything under /v1 needs the API key when one is set: metadata on the endpoints, whatever the path's case.
        var v1 = app.MapGroup("/v1").RequireApiKey();
        v1.MapGet("/info", (EngineHost host, PageGate gate, IOptions<InferenceOptions> options, HttpResponse response) => host.Engine is { } engine
                ? Results.Ok(new ServiceInfo(engine.Info.Engine, engine.Info.Device.Provider, engine.Info.Device.Detail, engine.Info.Device.IntraOpThreads, engine.Info.Models, gate.Capacity, gate.InFlight, host.LoadSeconds)
                {
                    DefaultEngine = options.Value.DefaultEngine,
                    Settings = engine.Info.Settings,
                    Vlm = host.Vlm?.Info,
                })
                : ServiceProblem.NotReady(host.Phase).ToResult(response))
            .WithSummary("Engine, model files and hashes, execution provider, threads; the VLM backend, its URL, model and fallbacks.")
            .Produces<ServiceInfo>();

        v1.MapPost("/ocr", OcrEndpoint.HandleAsync)
            .WithSummary("Reads one page.")
            .WithDescription("Body: the bytes of one image (png, jpeg, bmp, webp, tiff, gif) or PDF, with its Content-Type. Query: page (1-based number of the page in its document, default 1), firstPage (number of the upload's first page in its document, default 1: a page sent alone gives its own number, and the result carries it), dpi (PDF rendering, default 150) and engine (ppocr, or vlm when a PaddleOCR-VL server is configured; default Inference:DefaultEngine). Answers the PageResult JSON, or problem+json: 413 over the size or pixel limit, 415 for an unsupported type, 409 for engine=vlm without a VLM server, 422 for undecodable, empty or encrypted input, 429 with Retry-After when saturated.")
            .Produces<PageResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    // Ready when ppocr is warm (its layout feeds the VLM, and it is the fallback) and, with a VLM server configured,
    // the server lists the model (probe cached a few seconds). A default engine that cannot run is not ready either.
    // Details (exception text, the VLM server's address) only for trusted callers: the probe needs no key.
    private static async Task<IResult> ReadinessAsync(EngineHost host, InferenceOptions options, bool trusted, CancellationToken cancellationToken)
    {
        if (host.Engine is not { IsWarm: true } engine)
        {
            return NotReady(trusted ? host.State : host.Phase);
        }

        if (host.Vlm is not { } vlm)
        {
            return string.Equals(options.DefaultEngine, VlmEngine.Name, StringComparison.OrdinalIgnoreCase)
                ? NotReady("Inference:DefaultEngine is vlm but Inference:Vlm:ServerUrl is not set")
                : Results.Ok(new { status = "ready", device = engine.Info.Device.Provider });
        }

        var status = await vlm.Probe.CheckAsync(cancellationToken);
        if (!status.Ready)
        {
            return NotReady(trusted ? status.Reason : "the VLM server is not usable");
        }

        return trusted
            ? Results.Ok(new { status = "ready", device = engine.Info.Device.Provider, vlm = new { server = vlm.Info.ServerUrl, model = vlm.Info.Model, backend = vlm.Info.Backend } })
            : Results.Ok(new { status = "ready", device = engine.Info.Device.Provider });
    }

    private static IResult NotReady(string reason) =>
        Results.Json(new { status = "not ready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
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

    /// <summary>Load-time settings that change what the engine reads (clients key cached pages on them).</summary>
    public string Settings { get; init; } = string.Empty;

    /// <summary>The vlm engine's backend, URL, model, load and fallbacks; absent when no VLM server is configured.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public VlmInfo? Vlm { get; init; }
}
