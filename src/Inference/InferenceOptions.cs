using System.ComponentModel.DataAnnotations;

namespace Folio.Inference;

/// <summary>
/// Settings of the HTTP service (section <c>Inference</c>), checked when the service starts (<see cref="ServiceOptions"/>):
/// a value out of range stops it with a message naming the setting.
/// </summary>
public sealed record InferenceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inference";

    /// <summary>Lowest PDF rendering resolution a request may ask for.</summary>
    public const int MinDpi = 36;

    /// <summary>Highest value <see cref="MaxDpi"/> may take.</summary>
    public const int DpiCeiling = 2400;

    /// <summary>Pages processed at once; further requests wait in the queue, then get 429 with Retry-After. 0 means one per core.</summary>
    [Range(0, 4096, ErrorMessage = "Inference:MaxPagesInFlight must be between {1} and {2} (0: one per core).")]
    public int MaxPagesInFlight { get; init; }

    /// <summary>Page requests that may wait for a slot once every slot is taken; beyond them, 429. Default 0: none wait.</summary>
    [Range(0, 100_000, ErrorMessage = "Inference:PageQueueLength must be between {1} and {2}.")]
    public int PageQueueLength { get; init; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    [Range(1d, int.MaxValue, ErrorMessage = "Inference:MaxRequestBytes must be between {1} and {2}.")]
    public long MaxRequestBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Largest raster accepted, in pixels (checked before decoding).</summary>
    [Range(1d, 1e12, ErrorMessage = "Inference:MaxPixels must be between {1} and {2}.")]
    public long MaxPixels { get; init; } = 80_000_000;

    /// <summary>PDF rendering resolution when the request names none.</summary>
    [Range(MinDpi, DpiCeiling, ErrorMessage = "Inference:DefaultDpi must be between {1} and {2}.")]
    public int DefaultDpi { get; init; } = 150;

    /// <summary>Highest resolution a request may ask for.</summary>
    [Range(MinDpi, DpiCeiling, ErrorMessage = "Inference:MaxDpi must be between {1} and {2}.")]
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

    /// <summary>
    /// Seconds one page may take from its slot to its answer; past them the work stops at the next stage and the caller
    /// gets 504 <c>page_timeout</c>, and the slot is free again. Default 100: under the pipeline's 2-minute attempt
    /// timeout, so the service answers before its caller gives up and retries.
    /// </summary>
    [Range(0.001d, 3600d, ErrorMessage = "Inference:PageTimeoutSeconds must be between {1} and {2}.")]
    public double PageTimeoutSeconds { get; init; } = 100;

    /// <summary>
    /// Seconds poppler may take to open a PDF, and again to render its page. Past them the caller gets 422
    /// <c>too_complex</c> and the slot is free; the call itself cannot be stopped and runs on, on its own thread
    /// (<see cref="Folio.Documents.NativeWatchdog"/>), and <c>/healthz</c> fails once one has run
    /// <see cref="RunawayRenderHealthCheck.BudgetMultiple"/> times this long. Default 30.
    /// </summary>
    [Range(0.001d, 3600d, ErrorMessage = "Inference:RenderTimeoutSeconds must be between {1} and {2}.")]
    public double RenderTimeoutSeconds { get; init; } = 30;

    /// <summary>Seconds a client is told to wait when the service is saturated.</summary>
    [Range(1, 3600, ErrorMessage = "Inference:RetryAfterSeconds must be between {1} and {2}.")]
    public int RetryAfterSeconds { get; init; } = 2;

    /// <summary>Engine of requests that name none: <c>ppocr</c>, or <c>vlm</c> (needs <c>Inference:Vlm:ServerUrl</c>).</summary>
    [Required(ErrorMessage = "Inference:DefaultEngine must be ppocr or vlm.")]
    public string DefaultEngine { get; init; } = "ppocr";

    /// <summary>The effective page concurrency.</summary>
    public int EffectiveMaxPagesInFlight => MaxPagesInFlight > 0 ? MaxPagesInFlight : Environment.ProcessorCount;
}
