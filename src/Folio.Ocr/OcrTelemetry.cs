using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Folio.Ocr;

/// <summary>
/// Traces and metrics of the engine stages, with <c>System.Diagnostics</c> only (no OpenTelemetry dependency): the
/// activity source and meter <c>Folio.Ocr</c>. Spans: <c>detect</c>, <c>classify</c>, <c>recognize</c>, <c>layout</c>
/// (and <c>vlm.region</c> from the vlm engine). Instruments: <c>folio.stage.duration</c> (s, tag <c>stage</c>) and
/// <c>folio.recognition.batch_size</c>. A host that listens (OpenTelemetry's <c>AddSource</c>/<c>AddMeter</c>) gets them;
/// otherwise they cost next to nothing. Attributes carry sizes and counts, never text.
/// </summary>
public static class OcrTelemetry
{
    /// <summary>Name of the activity source and of the meter.</summary>
    public const string Name = "Folio.Ocr";

    /// <summary>Attribute: 1-based page number, as in <c>PageResult.PageNumber</c>.</summary>
    public const string PageNumber = "folio.page.number";

    /// <summary>Attribute: page raster width in pixels.</summary>
    public const string PageWidth = "folio.page.width";

    /// <summary>Attribute: page raster height in pixels.</summary>
    public const string PageHeight = "folio.page.height";

    /// <summary>Attribute: lines found (detect) or kept (recognize, layout).</summary>
    public const string Lines = "folio.lines";

    /// <summary>Attribute: the engine (<c>ppocr</c>, <c>vlm</c>).</summary>
    public const string Engine = "folio.engine";

    /// <summary>Histogram of stage durations.</summary>
    public const string StageDurationName = "folio.stage.duration";

    /// <summary>Histogram of crops per recognizer run.</summary>
    public const string BatchSizeName = "folio.recognition.batch_size";

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> StageDuration = Meter.CreateHistogram(
        StageDurationName, "s", "Time spent in one stage of reading a page (render, detect, classify, recognize, layout, serialize, vlm.region).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram(
        BatchSizeName, "{crop}", "Line crops per recognizer run.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    /// <summary>The activity source of the engine stages.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Starts a stage span (null when nobody listens) tagged with the page and the engine.</summary>
    /// <param name="stage">Span name: the stage.</param>
    /// <param name="pageNumber">1-based page number.</param>
    /// <param name="width">Raster width, when known.</param>
    /// <param name="height">Raster height, when known.</param>
    /// <param name="engine">Engine name.</param>
    public static Activity? StartStage(string stage, int pageNumber, int? width, int? height, string engine = OcrEngine.Name)
    {
        var activity = Source.StartActivity(stage, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(PageNumber, pageNumber);
            activity.SetTag(Engine, engine);
            if (width is { } w && height is { } h)
            {
                activity.SetTag(PageWidth, w);
                activity.SetTag(PageHeight, h);
            }
        }

        return activity;
    }

    /// <summary>Records how long a stage took.</summary>
    /// <param name="stage">Stage name (the <c>stage</c> tag).</param>
    /// <param name="seconds">Duration in seconds.</param>
    public static void RecordStage(string stage, double seconds) =>
        StageDuration.Record(seconds, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>Records one recognizer run's batch size.</summary>
    internal static void RecordBatch(int crops) => BatchSize.Record(crops);
}
