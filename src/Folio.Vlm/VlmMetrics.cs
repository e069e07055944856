using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Folio.Vlm;

/// <summary>
/// Counters of the vlm engine on the <c>Folio.Inference</c> meter: <c>folio.vlm.fallbacks</c> (tagged <c>reason</c>) and
/// <c>folio.vlm.regions</c> (regions answered by the VLM); the same counts kept in process for <c>/v1/info</c>.
/// </summary>
public sealed class VlmMetrics : IDisposable
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "Folio.Inference";

    /// <summary>Counter of regions that fell back to ppocr.</summary>
    public const string FallbacksName = "folio.vlm.fallbacks";

    /// <summary>Counter of regions read by the VLM.</summary>
    public const string RegionsName = "folio.vlm.regions";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _regions;
    private readonly ConcurrentDictionary<string, long> _fallbackCounts = new(StringComparer.Ordinal);
    private long _regionCount;

    /// <summary>Creates the instruments, on a meter from the factory when given (the host's), else on a meter of its own.</summary>
    public VlmMetrics(IMeterFactory? factory = null)
    {
        _ownsMeter = factory is null;
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _fallbacks = _meter.CreateCounter<long>(FallbacksName, "{region}", "Regions whose VLM answer was unusable and whose text came from ppocr, by reason.");
        _regions = _meter.CreateCounter<long>(RegionsName, "{region}", "Regions read by the VLM.");
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter => _meter;

    /// <summary>Regions read by the VLM so far.</summary>
    public long Regions => Interlocked.Read(ref _regionCount);

    /// <summary>Fallbacks so far, by reason.</summary>
    public IReadOnlyDictionary<string, long> Fallbacks => new SortedDictionary<string, long>(_fallbackCounts, StringComparer.Ordinal);

    /// <summary>Counts one region answered by the VLM.</summary>
    public void RecordRegion()
    {
        Interlocked.Increment(ref _regionCount);
        _regions.Add(1);
    }

    /// <summary>Counts one fallback.</summary>
    public void RecordFallback(string reason)
    {
        _fallbackCounts.AddOrUpdate(reason, 1, (_, n) => n + 1);
        _fallbacks.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
