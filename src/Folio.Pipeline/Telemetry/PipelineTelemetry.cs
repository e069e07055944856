using System.Diagnostics;
using System.Diagnostics.Metrics;
using Folio.Contracts;

namespace Folio.Pipeline;

/// <summary>
/// Traces and metrics of the pipeline, through System.Diagnostics only (hosts add OpenTelemetry and exporters).
/// Spans come from the activities, never from orchestrator code, so a replay cannot repeat them; they are parented
/// on the trace the job was started in (<see cref="DocumentJob.TraceParent"/>), whatever backend carries the job.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>Name of the ActivitySource and of the Meter.</summary>
    public const string Name = "Folio.Pipeline";

    /// <summary>Spans: <c>folio.document</c>, <c>folio.prepare</c>, <c>folio.recognize_page</c>, <c>folio.assemble</c>.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Documents = Meter.CreateCounter<long>(
        "folio.documents", "{document}", "Documents started and finished, by outcome: started, succeeded, partiallySucceeded, failed.");

    private static readonly Histogram<int> DocumentPages = Meter.CreateHistogram<int>(
        "folio.document.pages", "{page}", "Selected pages per finished document.");

    private static readonly Histogram<double> DocumentDuration = Meter.CreateHistogram<double>(
        "folio.document.duration", "s", "Time from a document's start to its end (orchestration time).");

    private static readonly Counter<long> Pages = Meter.CreateCounter<long>(
        "folio.pipeline.pages", "{page}", "Pages finished by the recognize-page step, by source: ocr, textLayer, cache, reused.");

    /// <summary>Starts a span as a child of <paramref name="traceParent"/> (W3C), or of the current span when that is null or malformed.</summary>
    public static Activity? Start(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal)
    {
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        return parent == default ? Source.StartActivity(name, kind) : Source.StartActivity(name, kind, parent);
    }

    /// <summary>The W3C id of the current span, to store in a job so that its steps join the same trace.</summary>
    public static string? CurrentTraceParent() => Activity.Current?.Id is { } id && id.StartsWith("00-", StringComparison.Ordinal) ? id : null;

    /// <summary>Counts a started document.</summary>
    public static void DocumentStarted() => Documents.Add(1, new KeyValuePair<string, object?>("outcome", "started"));

    /// <summary>Counts a finished document with its pages and duration.</summary>
    public static void DocumentFinished(DocumentStatus status, int pages, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", EnumText.Of(status));
        Documents.Add(1, outcome);
        DocumentPages.Record(pages, outcome);
        DocumentDuration.Record(duration.TotalSeconds, outcome);
    }

    /// <summary>Counts a page finished by the recognize-page step.</summary>
    public static void PageFinished(string source) => Pages.Add(1, new KeyValuePair<string, object?>("source", source));
}
