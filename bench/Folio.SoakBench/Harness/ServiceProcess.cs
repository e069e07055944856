using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Folio.Soak;

/// <summary>
/// The real inference service (Kestrel on a loopback port, the repository's models, CPU) as a process of its own, so
/// that it can be killed the hard way — SIGKILL, no graceful shutdown, connections cut mid-page — and started again on
/// the same port.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private bool _disposed;

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>Seconds from start to the first 200 from /readyz (models loaded and warmed up).</summary>
    public double ReadySeconds { get; private set; }

    /// <summary>The process's working set now; 0 once it has exited.</summary>
    public long WorkingSetBytes
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.HasExited ? 0 : _process.WorkingSet64;
            }
            catch (InvalidOperationException)
            {
                return 0;
            }
        }
    }

    /// <summary>Starts <paramref name="assembly"/> on 127.0.0.1:<paramref name="port"/> and waits until /readyz answers 200.</summary>
    public static async Task<ServiceProcess> StartAsync(string assembly, int port, string models, TimeSpan readyWithin)
    {
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(assembly))!,
        };
        start.Environment["Ocr__ModelDirectory"] = models;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var service = new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), port);
        try
        {
            await service.WaitReadyAsync(readyWithin).ConfigureAwait(false);
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: the process dies at once, whatever it was doing.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        _process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The inference service exited with {_process.ExitCode}: {Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("readyz", UriKind.Relative)).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    ReadySeconds = clock.Elapsed.TotalSeconds;
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"The inference service was not ready within {within}: {Tail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }
}
