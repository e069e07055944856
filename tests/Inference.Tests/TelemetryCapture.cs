using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Folio.Inference.Tests;

/// <summary>Observability tests share process-wide listeners (meters, activity sources): they run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityGroup
{
    public const string Name = "Observability";
}

/// <summary>One sample of a Prometheus text exposition: metric name, labels, value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Parses the text format (comments skipped; label values without escaped quotes, which these metrics never have).</summary>
    public static List<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string name, rest;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            if (brace >= 0)
            {
                var close = line.IndexOf('}', brace);
                name = line[..brace];
                foreach (var pair in line[(brace + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..eq]] = pair[(eq + 1)..].Trim('"');
                }

                rest = line[(close + 1)..].Trim();
            }
            else
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                name = line[..space];
                rest = line[(space + 1)..].Trim();
            }

            var value = rest.Split(' ')[0];
            samples.Add(new PrometheusSample(name, labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            }));
        }

        return samples;
    }

    /// <summary>Sum of the samples of a metric whose labels include all the given ones (0 when there is none yet).</summary>
    public static double Sum(IEnumerable<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);
}

/// <summary>A logger provider that keeps every message with its scopes, for asserting on what the service logs.</summary>
internal sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>A message: its category, event, text, structured values and the values and text of its scopes.</summary>
    internal sealed record Entry(string Category, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, IReadOnlyList<KeyValuePair<string, object?>> ScopeValues, string ScopeText)
    {
        /// <summary>Everything the entry would put in a log sink, as text.</summary>
        public string AllText => string.Join(" | ", [Message, ScopeText, .. State.Select(kv => $"{kv.Key}={kv.Value}"), .. ScopeValues.Select(kv => $"{kv.Key}={kv.Value}")]);

        public object? Scope(string key) => ScopeValues.LastOrDefault(kv => kv.Key == key).Value;
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new List<KeyValuePair<string, object?>>();
            var texts = new List<string>();
            owner._scopes.ForEachScope(
                (scope, _) =>
                {
                    texts.Add(scope?.ToString() ?? string.Empty);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        values.AddRange(pairs);
                    }
                },
                (object?)null);
            var fields = state is IEnumerable<KeyValuePair<string, object?>> kv ? kv.ToList() : [];
            owner.Entries.Enqueue(new Entry(category, eventId, formatter(state, exception) + (exception is null ? string.Empty : " " + exception), fields, values, string.Join(" => ", texts)));
        }
    }
}
