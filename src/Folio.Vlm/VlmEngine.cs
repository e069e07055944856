using System.Diagnostics;
using System.Diagnostics.Metrics;
using Folio.Contracts;
using Folio.Ocr;
using Folio.Pages.Imaging;
using Folio.Pages.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Vlm;

/// <summary>What <c>/v1/info</c> says of the vlm engine.</summary>
/// <param name="Backend">The server's name for itself (<c>vllm</c>, <c>sglang</c>) once probed, else <c>openai-compatible</c>.</param>
/// <param name="ServerUrl">The server's root URL.</param>
/// <param name="Model">The model asked for.</param>
/// <param name="MaxConcurrentRequests">Requests at once, for the whole process.</param>
/// <param name="RequestsInFlight">Requests running now.</param>
/// <param name="RegionsRead">Regions read by the VLM since start.</param>
/// <param name="Fallbacks">Regions that fell back to ppocr since start, by reason.</param>
public sealed record VlmInfo(string Backend, string ServerUrl, string Model, int MaxConcurrentRequests, int RequestsInFlight, long RegionsRead, IReadOnlyDictionary<string, long> Fallbacks);

/// <summary>
/// The vlm engine: each region found by the ppocr layout stage is cropped (with a margin) and sent to PaddleOCR-VL with
/// the prompt of its kind; a page without regions goes whole with <c>OCR:</c>. An unusable answer (token cap, repetition
/// loop, timeout, server error, malformed) keeps ppocr's text for that region, marked in the block
/// (<c>engine: ppocr</c>, <c>fallback: reason</c>) and counted. One instance per process.
/// </summary>
public sealed partial class VlmEngine : IDisposable
{
    /// <summary>Engine name reported in provenance.</summary>
    public const string Name = "vlm";

    /// <summary>Name of the span (and <c>stage</c> tag of <c>folio.stage.duration</c>) of one region request.</summary>
    public const string RegionSpanName = "vlm.region";

    private readonly VlmOptions _options;
    private readonly OpenAiChatClient _client;
    private readonly VlmRequestLimiter _limiter;
    private readonly ILogger _logger;

    /// <summary>Creates the engine and its client, limiter, probe and counters.</summary>
    /// <param name="options">Settings; <see cref="VlmOptions.ServerUrl"/> must be set.</param>
    /// <param name="logger">Where fallbacks are logged.</param>
    /// <param name="meterFactory">The host's meter factory, when there is one.</param>
    /// <param name="handler">HTTP handler to use instead of the default one.</param>
    public VlmEngine(VlmOptions options, ILogger<VlmEngine>? logger = null, IMeterFactory? meterFactory = null, HttpMessageHandler? handler = null)
    {
        _options = options;
        _client = new OpenAiChatClient(options, handler);
        _limiter = new VlmRequestLimiter(Math.Max(1, options.MaxConcurrentRequests));
        _logger = logger ?? NullLogger<VlmEngine>.Instance;
        Metrics = new VlmMetrics(meterFactory);
        Probe = new VlmProbe(options, _client);
    }

    /// <summary>Fallback and region counters.</summary>
    public VlmMetrics Metrics { get; }

    /// <summary>The readiness probe.</summary>
    public VlmProbe Probe { get; }

    /// <summary>The request limiter shared by every page.</summary>
    public VlmRequestLimiter Limiter => _limiter;

    /// <summary>Settings, backend, load and counters.</summary>
    public VlmInfo Info => new(
        Probe.Last?.Backend ?? "openai-compatible", _client.BaseAddress.ToString(), _options.Model, _limiter.Capacity, _limiter.InFlight, Metrics.Regions, Metrics.Fallbacks);

    /// <summary>Reads a page whose layout (and fallback text) ppocr has produced.</summary>
    /// <param name="page">The page raster.</param>
    /// <param name="layout">The ppocr result of the same raster: its blocks are the regions.</param>
    /// <param name="cancellationToken">Cancels the page.</param>
    public async Task<PageResult> RecognizeAsync(RasterImage page, PageResult layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(layout);
        var clock = Stopwatch.StartNew();
        var wholePage = layout.Blocks.Count == 0;
        IReadOnlyList<Block> regions = wholePage
            ? [new Block { Kind = BlockKinds.Paragraph, Text = string.Empty, Bbox = new Box(0, 0, page.Width, page.Height) }]
            : layout.Blocks;
        var jobs = regions.Select(r => (Func<CancellationToken, Task<Block>>)(ct => ReadRegionAsync(page, layout.PageNumber, r, ct))).ToList();
        var blocks = await _limiter.RunPageAsync(jobs, cancellationToken).ConfigureAwait(false);

        // A whole page that fell back has nothing to fall back to: ppocr found no text.
        var kept = wholePage ? blocks.Where(b => b.Fallback is null).ToList() : blocks.ToList();
        var provenance = layout.Provenance ?? new Provenance { Engine = Name };
        var timings = new Dictionary<string, double>(provenance.TimingsMs) { [Name] = Math.Round(clock.Elapsed.TotalMilliseconds, 2) };
        var models = new Dictionary<string, string>(provenance.Models) { [Name] = _options.Model };
        return layout with
        {
            Blocks = kept.Select((b, i) => b with { Order = i }).ToList(),
            Provenance = provenance with { Engine = Name, Models = models, TimingsMs = timings },
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Probe.Dispose();
        _limiter.Dispose();
        _client.Dispose();
        Metrics.Dispose();
    }

    // One span per region request (source Folio.Ocr, name vlm.region): the region's kind, order and task, and the
    // fallback reason when the answer was refused. No text goes on the span.
    private async Task<Block> ReadRegionAsync(RasterImage page, int pageNumber, Block region, CancellationToken cancellationToken)
    {
        var task = VlmPrompts.TaskFor(region.Kind);
        var clock = Stopwatch.StartNew();
        using var span = OcrTelemetry.StartStage(RegionSpanName, pageNumber, page.Width, page.Height, Name);
        span?.SetTag("folio.region.kind", region.Kind);
        span?.SetTag("folio.region.order", region.Order);
        span?.SetTag("folio.vlm.task", task.ToString());
        RegionOutcome outcome;
        try
        {
            var png = RegionCrop.CropPng(page, region.Bbox, _options.CropMargin);
            var answer = await _client.CompleteAsync(png, VlmPrompts.PromptFor(task), cancellationToken).ConfigureAwait(false);
            outcome = VlmAnswers.Interpret(region, task, answer);
        }
        catch (VlmCallException ex)
        {
            outcome = new RegionOutcome(null, ex.Reason, ex.Message);
        }
        finally
        {
            OcrTelemetry.RecordStage(RegionSpanName, clock.Elapsed.TotalSeconds);
        }

        if (outcome.Block is { } block)
        {
            Metrics.RecordRegion();
            return block;
        }

        var reason = outcome.FallbackReason ?? FallbackReasons.Malformed;
        Metrics.RecordFallback(reason);
        span?.SetTag("folio.vlm.fallback", reason);
        span?.SetStatus(ActivityStatusCode.Error, reason);
        LogFallback(_logger, region.Kind, region.Order, reason, outcome.Detail ?? string.Empty);
        return region with { Engine = Folio.Ocr.OcrEngine.Name, Fallback = reason };
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "VLM answer for {Kind} region {Order} refused ({Reason}): {Detail}; kept the ppocr text")]
    private static partial void LogFallback(ILogger logger, string kind, int order, string reason, string detail);
}
