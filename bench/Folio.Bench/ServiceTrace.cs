using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace Folio.Bench;

/// <summary>
/// An EventPipe trace of the inference service's process over one load level: CPU samples of every managed thread's
/// stack, garbage collections, lock contention and the thread pool, with the method names rundown at the end. Written
/// to FOLIO_TRACE_DIR/service-N.nettrace (N pages in flight) when that variable and FOLIO_SERVICE_PID are set; read it
/// with <c>dotnet-trace convert</c> or TraceEvent.
/// </summary>
internal sealed class ServiceTrace : IAsyncDisposable
{
    // The runtime keywords of dotnet-trace's cpu-sampling profile: GC, loader, JIT, contention, exceptions, threading.
    private const long RuntimeKeywords = 0x4C14FCCBD;

    private readonly EventPipeSession _session;
    private readonly FileStream _file;
    private readonly Task _copy;

    private ServiceTrace(EventPipeSession session, FileStream file)
    {
        _session = session;
        _file = file;
        _copy = session.EventStream.CopyToAsync(file);
    }

    /// <summary>Starts a session for the level with <paramref name="inFlight"/> pages in flight, or returns null when not asked for.</summary>
    public static ServiceTrace? TryStart(int inFlight)
    {
        var directory = Environment.GetEnvironmentVariable("FOLIO_TRACE_DIR");
        if (string.IsNullOrEmpty(directory)
            || !int.TryParse(Environment.GetEnvironmentVariable("FOLIO_SERVICE_PID"), CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        EventPipeProvider[] providers =
        [
            new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeKeywords),
        ];
        var session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: true, circularBufferMB: 512);
        Directory.CreateDirectory(directory);
        return new ServiceTrace(session, File.Create(Path.Combine(directory, $"service-{inFlight}.nettrace")));
    }

    /// <summary>Stops the session and waits for the rundown to reach the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _session.StopAsync(CancellationToken.None);
        await _copy;
        await _file.DisposeAsync();
        _session.Dispose();
    }
}
