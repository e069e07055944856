using System.Diagnostics;
using System.Text.Json;
using Folio.Local;
using Folio.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Soak;

/// <summary>What became of one document: its outcome, or that it did not end within the deadline.</summary>
/// <param name="Pages">Index and status of each page in the document's JSON, when one was written.</param>
internal sealed record DocumentRun(SoakDocument Document, DocumentOutcome? Outcome, IReadOnlyList<(int Index, string Status)> Pages, bool Stuck, string? Error, TimeSpan Elapsed);

/// <summary>A kill of the service: when, and how many calls it cut.</summary>
internal sealed record ServiceKill(TimeSpan At, int CallsInFlight);

/// <summary>Everything a soak run measured; <see cref="SoakReport"/> judges it.</summary>
internal sealed record SoakResult(
    SoakSettings Settings,
    IReadOnlyList<DocumentRun> Documents,
    IReadOnlyDictionary<string, PageCalls> Pages,
    IReadOnlyList<ServiceKill> Kills,
    IReadOnlyList<double> ServiceReadySeconds,
    MemoryFigures Memory,
    TimeSpan Wall,
    PageRetrySettings Retry);

/// <summary>
/// One soak run: the corpus submitted at once to one <see cref="LocalDocumentRunner"/> on DurableTask.AzureStorage
/// (Azurite), whose recognizer is the pipeline's <see cref="HttpPageRecognizer"/> calling the real service in its own
/// process; the service is killed (SIGKILL) and started again on the same port <see cref="SoakSettings.Restarts"/>
/// times, evenly over the good pages, each time while calls are in flight.
/// </summary>
internal sealed class SoakRun
{
    private readonly SoakSettings _settings;
    private readonly PageLedger _ledger = new();
    private readonly List<ServiceKill> _kills = [];
    private readonly List<double> _ready = [];
    private readonly Stopwatch _clock = new();
    private volatile ServiceProcess? _service;

    private SoakRun(SoakSettings settings) => _settings = settings;

    /// <summary>Retries of a page: enough to outlast a kill, its downtime and the models loading again.</summary>
    public static PageRetrySettings Retry { get; } = new() { MaxAttempts = 20, FirstDelay = TimeSpan.FromSeconds(1), BackoffCoefficient = 1.5, MaxDelay = TimeSpan.FromSeconds(4) };

    public static async Task<SoakResult> RunAsync(SoakSettings settings, Action<string> progress)
    {
        var work = Directory.CreateTempSubdirectory("folio-soak-");
        try
        {
            return await new SoakRun(settings).RunAsync(work.FullName, progress).ConfigureAwait(false);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<SoakResult> RunAsync(string work, Action<string> progress)
    {
        var documents = SoakCorpus.Write(_settings, Path.Combine(work, "in"));
        var port = ServiceProcess.FreePort();
        _service = await StartServiceAsync(port).ConfigureAwait(false);
        var memory = new MemorySampler(() => _service?.WorkingSetBytes ?? 0);
        await using (memory.ConfigureAwait(false))
        {
            var services = new ServiceCollection();
            services.AddHttpPageRecognizer(o => o.BaseUrl = new Uri($"http://127.0.0.1:{port}/")).AddHttpMessageHandler(_ledger.Handler);
            await using var provider = services.BuildServiceProvider();
            var runnerOptions = new LocalRunnerOptions
            {
                Backend = DurableBackendKind.AzureStorage,
                AzureStorageConnectionString = _settings.StorageConnectionString,
                TaskHubName = "foliosoak" + Guid.NewGuid().ToString("N")[..8],
                DeleteTaskHubOnDispose = true,
                PollInterval = TimeSpan.FromSeconds(1),
            };
            var options = new RunOptions { Dpi = _settings.Dpi, ForceOcr = true, MaxPagesInFlight = _settings.PagesInFlightPerDocument, Retry = Retry, Timeout = _settings.Deadline };
            DocumentRun[] runs;
            try
            {
                var runner = new LocalDocumentRunner(provider.GetRequiredService<IPageRecognizer>(), runnerOptions);
                await using (runner.ConfigureAwait(false))
                {
                    progress($"submitting {documents.Count} documents at once; the service listens on 127.0.0.1:{port}");
                    _clock.Start();
                    var all = Task.WhenAll(documents.Select(d => RunOneAsync(runner, d, options, Path.Combine(work, "out", Path.GetFileNameWithoutExtension(d.Name)))));
                    var faults = InjectFaultsAsync(documents.Sum(d => d.Pages), all, port, progress);
                    runs = await all.ConfigureAwait(false);
                    _clock.Stop();
                    await faults.ConfigureAwait(false);
                }
            }
            finally
            {
                _service?.Dispose();
            }

            return new SoakResult(_settings, runs, _ledger.Snapshot(), _kills, _ready, await memory.StopAsync().ConfigureAwait(false), _clock.Elapsed, Retry);
        }
    }

    private async Task<DocumentRun> RunOneAsync(LocalDocumentRunner runner, SoakDocument document, RunOptions options, string outDir)
    {
        try
        {
            var outcome = await runner.RunAsync(document.Path, outDir, options).ConfigureAwait(false);
            var pages = outcome.Outputs is { } outputs && File.Exists(outputs.JsonKey) ? PagesOf(outputs.JsonKey) : [];
            return new DocumentRun(document, outcome, pages, false, null, _clock.Elapsed);
        }
        catch (TimeoutException ex)
        {
            return new DocumentRun(document, null, [], true, ex.Message, _clock.Elapsed);
        }
#pragma warning disable CA1031 // whatever went wrong is a finding of the run, reported with the rest
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new DocumentRun(document, null, [], false, $"{ex.GetType().Name}: {ex.Message}", _clock.Elapsed);
        }
    }

    /// <summary>
    /// Kill number i comes once i / (restarts + 1) of the good pages are read, while calls are in flight: two if that
    /// comes within a few seconds (both of a 2-core service's slots busy), else one.
    /// </summary>
    private async Task InjectFaultsAsync(int goodPages, Task all, int port, Action<string> progress)
    {
        for (var i = 1; i <= _settings.Restarts; i++)
        {
            var due = i * goodPages / (_settings.Restarts + 1);
            TimeSpan? dueAt = null;
            while (true)
            {
                if (all.IsCompleted)
                {
                    return;
                }

                if (_ledger.Reads >= due)
                {
                    dueAt ??= _clock.Elapsed;
                    if (_ledger.InFlight >= (_clock.Elapsed - dueAt < TimeSpan.FromSeconds(5) ? 2 : 1))
                    {
                        break;
                    }
                }

                await Task.Delay(20).ConfigureAwait(false);
            }

            var cut = _ledger.ServiceDown();
            _service!.Kill();
            _kills.Add(new ServiceKill(_clock.Elapsed, cut));
            progress($"{_clock.Elapsed.TotalSeconds,6:F1} s  killed the service (SIGKILL) after {_ledger.Reads} pages read, {cut} calls in flight");
            await Task.Delay(_settings.Downtime).ConfigureAwait(false);
            _service.Dispose();
            _service = null;
            _service = await StartServiceAsync(port).ConfigureAwait(false);
            progress($"{_clock.Elapsed.TotalSeconds,6:F1} s  service started again on the same port, ready in {_service.ReadySeconds:F1} s");
        }
    }

    private async Task<ServiceProcess> StartServiceAsync(int port)
    {
        var service = await ServiceProcess.StartAsync(_settings.ServiceAssembly, port, _settings.Models, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        _ready.Add(service.ReadySeconds);
        _ledger.ServiceUp();
        return service;
    }

    private static List<(int Index, string Status)> PagesOf(string json)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(json));
        return document.RootElement.GetProperty("pages").EnumerateArray()
            .Select(p => (p.GetProperty("index").GetInt32(), p.GetProperty("status").GetString() ?? "?"))
            .ToList();
    }
}
