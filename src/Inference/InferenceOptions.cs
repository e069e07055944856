namespace Folio.Inference;

/// <summary>Settings of the HTTP service (section <c>Inference</c>).</summary>
public sealed record InferenceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inference";

    /// <summary>Pages processed at once; further requests get 429 with Retry-After. 0 means one per core.</summary>
    public int MaxPagesInFlight { get; init; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Largest raster accepted, in pixels (checked before decoding).</summary>
    public long MaxPixels { get; init; } = 80_000_000;

    /// <summary>PDF rendering resolution when the request names none.</summary>
    public int DefaultDpi { get; init; } = 150;

    /// <summary>Highest resolution a request may ask for.</summary>
    public int MaxDpi { get; init; } = 600;

    /// <summary>
    /// When set, requests to /v1/* and /metrics must carry it in the <c>X-Api-Key</c> header, the viewer is not
    /// served, and /readyz tells callers without it only the phase (no exception text, no VLM server URL).
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>With an API key set, serve /metrics without it (a scraper that cannot send headers). Default false.</summary>
    public bool PublicMetrics { get; init; }

    /// <summary>With an API key set, serve the viewer's files anyway (it asks for the key for its calls). Default false.</summary>
    public bool PublicViewer { get; init; }

    /// <summary>Seconds a client is told to wait when the service is saturated.</summary>
    public int RetryAfterSeconds { get; init; } = 2;

    /// <summary>Engine of requests that name none: <c>ppocr</c>, or <c>vlm</c> (needs <c>Inference:Vlm:ServerUrl</c>).</summary>
    public string DefaultEngine { get; init; } = "ppocr";

    /// <summary>The effective page concurrency.</summary>
    public int EffectiveMaxPagesInFlight => MaxPagesInFlight > 0 ? MaxPagesInFlight : Environment.ProcessorCount;
}
