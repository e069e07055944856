using System.Diagnostics;
using System.Diagnostics.Metrics;
using Folio.Ocr;
using Folio.Vlm;
using Microsoft.Extensions.Options;

namespace Folio.Inference;

/// <summary>
/// Owns the OCR engine. Loading and warming up happen in the background so that liveness answers at once and
/// readiness turns true only when a page can really be served. Also owns the vlm engine when a server is configured.
/// </summary>
internal sealed partial class EngineHost(
    IOptions<OcrEngineOptions> options, IOptions<VlmOptions> vlmOptions, ILoggerFactory loggerFactory, IMeterFactory meterFactory, ILogger<EngineHost> logger) : BackgroundService
{
    private readonly VlmEngine? _vlm = vlmOptions.Value.IsConfigured
        ? new VlmEngine(vlmOptions.Value, loggerFactory.CreateLogger<VlmEngine>(), meterFactory)
        : null;

    private volatile OcrEngine? _engine;
    private volatile string _state = "loading models";
    private volatile string _phase = "loading models";

    /// <summary>The engine once ready, else null.</summary>
    public OcrEngine? Engine => _engine;

    /// <summary>The vlm engine (PaddleOCR-VL on an OpenAI-compatible server), or null when no server is configured.</summary>
    public VlmEngine? Vlm => _vlm;

    /// <summary>Why the service is not ready, or "ready"; after a failed load, with the exception's message (for /readyz and the log).</summary>
    public string State => _state;

    /// <summary>The same without any exception text: "loading models", "warming up", "failed to load" or "ready" (for API callers).</summary>
    public string Phase => _phase;

    /// <summary>Seconds spent loading and warming up.</summary>
    public double LoadSeconds { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var engine = new OcrEngine(options.Value);
            _state = _phase = "warming up";
            engine.WarmUp();
            LoadSeconds = clock.Elapsed.TotalSeconds;
            _engine = engine;
            _state = _phase = "ready";
            LogReady(logger, engine.Info.Device.Provider, engine.Info.Device.Detail, LoadSeconds);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            _state = $"engine failed to load: {ex.Message}";
            _phase = "failed to load";
            LogLoadFailed(logger, ex);
        }
    }, stoppingToken);

    public override void Dispose()
    {
        _engine?.Dispose();
        _vlm?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "OCR engine ready on {Provider} ({Detail}) after {Seconds:F1} s")]
    private static partial void LogReady(ILogger logger, string provider, string detail, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "OCR engine failed to load")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
