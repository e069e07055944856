using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Folio.Cli;

/// <summary>
/// <c>folio ocr --trace</c>: listens to Folio's own spans (pipeline steps, engine stages) during the run and prints
/// where the time went, per span name, with the trace id. The same spans an OpenTelemetry exporter would send.
/// </summary>
internal sealed class TraceSummary : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<(string Name, double Milliseconds, string TraceId)> _spans = new();

    public TraceSummary()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Folio.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _spans.Enqueue((activity.DisplayName, activity.Duration.TotalMilliseconds, activity.TraceId.ToString())),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The summary table: one row per span name, in order of first appearance.</summary>
    public string Format() => Format(_spans.ToArray());

    /// <summary>Rows of count, total, mean, median and max per span name (pure, for tests).</summary>
    internal static string Format(IReadOnlyList<(string Name, double Milliseconds, string TraceId)> spans)
    {
        var text = new StringBuilder();
        var traces = spans.Select(s => s.TraceId).Distinct().ToArray();
        text.AppendLine(CultureInfo.InvariantCulture, $"trace {(traces.Length == 1 ? traces[0] : $"({traces.Length} traces)")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"span",-24} {"count",6} {"total s",9} {"mean ms",9} {"p50 ms",9} {"max ms",9}");
        foreach (var group in spans.GroupBy(s => s.Name))
        {
            var times = group.Select(s => s.Milliseconds).Order().ToArray();
            var median = times.Length % 2 == 1 ? times[times.Length / 2] : (times[(times.Length / 2) - 1] + times[times.Length / 2]) / 2;
            text.AppendLine(CultureInfo.InvariantCulture, $"{group.Key,-24} {times.Length,6} {times.Sum() / 1000,9:F2} {times.Average(),9:F1} {median,9:F1} {times[^1],9:F1}");
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();
}
