using System.Diagnostics;
using System.Diagnostics.Metrics;
using Folio.Documents;
using Folio.Ocr;

namespace Folio.Inference;

/// <summary>
/// The service's instruments on the <c>Folio.Inference</c> meter (from the host's <see cref="IMeterFactory"/>, the same
/// meter the vlm engine counts its regions and fallbacks on), and its activity source of the same name.
/// </summary>
/// <remarks>
/// A 429 is counted as a failed page with reason <c>busy</c> rather than on a counter of its own: every page request
/// ends in exactly one <c>folio.pages</c> outcome, so succeeded + failed = requests. The orchestrator retries busy pages,
/// so alerts on the failure ratio should leave <c>reason="busy"</c> out and watch it on its own. A request waiting for a
/// slot (<see cref="InferenceOptions.PageQueueLength"/>, 0 by default) shows in <c>folio.pages.queued</c>.
/// </remarks>
internal sealed class InferenceMetrics
{
    /// <summary>Name of the meter and of the activity source.</summary>
    public const string Name = "Folio.Inference";

    /// <summary>Counter of pages, tagged engine, outcome and (failures) reason.</summary>
    public const string PagesName = "folio.pages";

    /// <summary>Outcome tag of a page answered with its result.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Outcome tag of a page answered with an error.</summary>
    public const string Failed = "failed";

    private readonly Counter<long> _pages;
    private readonly Histogram<double> _pageDuration;

    public InferenceMetrics(IMeterFactory meterFactory, PageSlots slots, EngineHost host)
    {
        var meter = meterFactory.Create(Name);
        _pages = meter.CreateCounter<long>(PagesName, "{page}", "Page requests to /v1/ocr by outcome (succeeded, failed) and, for failures, reason.");
        _pageDuration = meter.CreateHistogram(
            "folio.page.duration", "s", "Time to answer one /v1/ocr request, from its arrival to its answer being ready.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120] });
        meter.CreateObservableGauge("folio.pages.in_flight", () => slots.InFlight, "{page}", "Pages being processed now.");
        meter.CreateObservableGauge("folio.pages.capacity", () => slots.Capacity, "{page}", "Pages that may be processed at once (Inference:MaxPagesInFlight); beyond it and the queue, 429.");
        meter.CreateObservableGauge("folio.pages.queued", () => slots.Queued, "{page}", "Page requests waiting for a slot (at most Inference:PageQueueLength).");
        meter.CreateObservableGauge(
            "folio.renders.overrunning", () => NativeWatchdog.Overruns().Count, "{call}",
            $"PDF opens and page renders still running past Inference:RenderTimeoutSeconds, their callers answered too_complex; /healthz fails when one runs {RunawayRenderHealthCheck.BudgetMultiple} times that long.");
        meter.CreateObservableGauge("folio.engine.info", () => EngineInfo(host), description: "1 for each engine in use, tagged with its engine and execution provider (or VLM backend).");
        meter.CreateObservableGauge("folio.engine.load.duration", () => LoadDuration(host), "s", "Seconds the ppocr engine took to load and warm up its models.");
        meter.CreateObservableGauge("folio.vlm.requests.in_flight", () => VlmInFlight(host), "{request}", "Requests to the VLM server running now.");
    }

    /// <summary>The service's activity source: the <c>render</c> and <c>serialize</c> spans of a page.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Counts one page request and its duration.</summary>
    /// <param name="engine">Engine tag: a known engine name, or <c>unknown</c>.</param>
    /// <param name="failureReason">Null when the page succeeded.</param>
    /// <param name="elapsed">Time the request took.</param>
    public void RecordPage(string engine, string? failureReason, TimeSpan elapsed)
    {
        var outcome = failureReason is null ? Succeeded : Failed;
        var tags = new TagList { { "engine", engine }, { "outcome", outcome } };
        _pageDuration.Record(elapsed.TotalSeconds, tags);
        if (failureReason is not null)
        {
            tags.Add("reason", failureReason);
        }

        _pages.Add(1, tags);
    }

    private static IEnumerable<Measurement<int>> EngineInfo(EngineHost host)
    {
        if (host.Engine is { } engine)
        {
            yield return new Measurement<int>(1, new("engine", OcrEngine.Name), new("provider", engine.Info.Device.Provider));
        }

        if (host.Vlm is { } vlm)
        {
            yield return new Measurement<int>(1, new("engine", Folio.Vlm.VlmEngine.Name), new("provider", vlm.Info.Backend));
        }
    }

    private static IEnumerable<Measurement<double>> LoadDuration(EngineHost host)
    {
        if (host.Engine is not null)
        {
            yield return new Measurement<double>(host.LoadSeconds, new KeyValuePair<string, object?>("engine", OcrEngine.Name));
        }
    }

    private static IEnumerable<Measurement<int>> VlmInFlight(EngineHost host)
    {
        if (host.Vlm is { } vlm)
        {
            yield return new Measurement<int>(vlm.Limiter.InFlight);
        }
    }
}
