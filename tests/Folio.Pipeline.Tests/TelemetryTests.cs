using System.Diagnostics;
using Folio.Local;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Folio.Pipeline.Tests;

/// <summary>Metrics are process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(SerialTelemetry), DisableParallelization = true)]
public sealed class SerialTelemetry;

/// <summary>Spans, metrics and logging scopes of a job, collected with OpenTelemetry's in-memory exporters.</summary>
[Collection(nameof(SerialTelemetry))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task AThreePageJob_IsOneTrace_WithOneSpanPerStep_EvenThoughTheOrchestratorReplays()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(PipelineTelemetry.Name).AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(PipelineTelemetry.Name).AddInMemoryExporter(metrics).Build();
        var logs = new ScopeCapturingProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var temp = new TempFolder();
        var input = temp.File("three.pdf", TestDocuments.BlankPdf(3));

        DocumentOutcome outcome;
        await using (var runner = new LocalDocumentRunner(new FakeRecognizer(), new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(50) }, loggerFactory))
        {
            outcome = await runner.RunAsync(input, Path.Combine(temp.Path, "out"));
        }

        tracing.ForceFlush();
        meters.ForceFlush();
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        var document = Assert.Single(spans, s => s.DisplayName == "folio.document" && (string?)s.GetTagItem("folio.job.id") == outcome.JobId);
        var trace = spans.Where(s => s.TraceId == document.TraceId).ToList();
        Assert.Single(trace, s => s.DisplayName == "folio.prepare");
        Assert.Single(trace, s => s.DisplayName == "folio.assemble");
        var pages = trace.Where(s => s.DisplayName == "folio.recognize_page").ToList();
        Assert.Equal([1, 2, 3], pages.Select(p => (int)p.GetTagItem("folio.page.number")!).Order());
        Assert.All(trace.Where(s => s != document), s => Assert.Equal(document.SpanId, s.ParentSpanId));
        Assert.All(pages, p => Assert.Equal(1, p.GetTagItem("folio.lines")));

        var finished = Sum(metrics, "folio.documents", "outcome", "succeeded");
        Assert.Equal(1, finished);
        Assert.Equal(1, Sum(metrics, "folio.documents", "outcome", "started"));
        Assert.Equal(3, Sum(metrics, "folio.pipeline.pages", "source", "ocr"));

        // Every message of a page step names the job and the page in its scope; no page text anywhere.
        var pageMessages = logs.Entries.Where(e => e.Category.EndsWith(nameof(RecognizePageActivity), StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pageMessages);
        Assert.All(pageMessages, e => Assert.Equal(outcome.JobId, e.Scope["JobId"]));
        Assert.Equal([1, 2, 3], pageMessages.Select(e => (int)e.Scope["PageNumber"]!).Distinct().Order());
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Text of page", StringComparison.Ordinal) || e.Scope.Values.Any(v => v?.ToString()?.Contains("Text of page", StringComparison.Ordinal) == true));
    }

    private static long Sum(List<Metric> metrics, string name, string tag, string value)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var pair in point.Tags)
                {
                    if (pair.Key == tag && Equals(pair.Value, value))
                    {
                        total += point.GetSumLong();
                    }
                }
            }
        }

        return total;
    }

    /// <summary>Records every message with the key-value pairs of its scopes.</summary>
    private sealed class ScopeCapturingProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public List<(string Category, string Message, Dictionary<string, object?> Scope)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Capture(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Capture(ScopeCapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                owner._scopes.ForEachScope(
                    (value, into) =>
                    {
                        if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                        {
                            foreach (var (key, item) in pairs)
                            {
                                into[key] = item;
                            }
                        }
                    },
                    scope);
                lock (owner.Entries)
                {
                    owner.Entries.Add((category, formatter(state, exception), scope));
                }
            }
        }
    }
}
