using Folio.Contracts;
using Folio.Ocr;

namespace Folio.Inference;

/// <summary>Maps the service's routes.</summary>
internal static class ServiceEndpoints
{
    public static void MapServiceEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }))
            .WithSummary("Liveness: the process answers.");

        app.MapGet("/readyz", (EngineHost host) => host.Engine is { IsWarm: true } engine
                ? Results.Ok(new { status = "ready", device = engine.Info.Device.Provider })
                : Results.Json(new { status = "not ready", reason = host.State }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithSummary("Readiness: models loaded and warmed up.");

        app.MapGet("/v1/info", (EngineHost host, PageGate gate) => host.Engine is { } engine
                ? Results.Ok(new ServiceInfo(engine.Info.Engine, engine.Info.Device.Provider, engine.Info.Device.Detail, engine.Info.Device.IntraOpThreads, engine.Info.Models, gate.Capacity, gate.InFlight, host.LoadSeconds))
                : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: host.State))
            .WithSummary("Engine, model files and hashes, execution provider, threads.")
            .Produces<ServiceInfo>();

        app.MapPost("/v1/ocr", OcrEndpoint.HandleAsync)
            .WithSummary("Reads one page.")
            .WithDescription("Body: the bytes of one image (png, jpeg, bmp, webp, tiff, gif) or PDF, with its Content-Type. Query: page (1-based, default 1) and dpi (PDF rendering, default 150). Answers the PageResult JSON, or problem+json: 413 over the size or pixel limit, 415 for an unsupported type, 422 for undecodable, empty or encrypted input, 429 with Retry-After when saturated.")
            .Produces<PageResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
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
    double LoadSeconds);
