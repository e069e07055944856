using System.Diagnostics;
using System.Text.Json;
using Folio.Contracts;
using Folio.Pipeline;
using Microsoft.Extensions.Logging;

namespace Folio.Local;

/// <summary>
/// Runs <see cref="DocumentOrchestrator"/> inside this process for the <c>folio</c> command: a durable
/// backend (in-memory by default, or DurableTask.AzureStorage on Azurite), a <see cref="LocalFolderStore"/>
/// and the given recognizer (normally an <see cref="EnginePageRecognizer"/>). The backend starts on the
/// first run and serves every later run of this runner.
/// </summary>
public sealed class LocalDocumentRunner : IAsyncDisposable
{
    private readonly IPageRecognizer _recognizer;
    private readonly LocalRunnerOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private CoreBackend? _backend;
    private LocalFolderStore? _sharedStore;

    /// <summary>Creates a runner; nothing starts until <see cref="RunAsync"/>.</summary>
    /// <param name="recognizer">Reads pages; the caller keeps ownership.</param>
    /// <param name="options">Backend and work folder settings; defaults when null.</param>
    /// <param name="loggerFactory">Logging of the backend and the pipeline; none when null.</param>
    public LocalDocumentRunner(IPageRecognizer recognizer, LocalRunnerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        _recognizer = recognizer;
        _options = options ?? new LocalRunnerOptions();
        _loggerFactory = loggerFactory;
    }

    /// <summary>
    /// Reads one document through the orchestrator and writes <c>outDir/NAME.FORMAT</c> for each format of
    /// <see cref="JobRequest.Formats"/> (<c>NAME.md</c> and <c>NAME.json</c> when none is given; NAME: the input's file
    /// name without extension). Returns the outcome; its <see cref="DocumentOutcome.Outputs"/> hold the local paths
    /// (<see cref="DocumentOutputs.MarkdownKey"/> and <see cref="DocumentOutputs.JsonKey"/> name where those two go, written
    /// only when selected), null when the document failed before anything was written.
    /// </summary>
    /// <param name="inputPath">The document (PDF, TIFF, PNG, JPEG, …).</param>
    /// <param name="outDir">Output folder, created if missing.</param>
    /// <param name="options">Page selection, dpi, concurrency, retries.</param>
    /// <param name="progress">Receives the custom status whenever it changes (pages done, failed, total).</param>
    /// <param name="cancellationToken">Stops waiting (the in-memory instance dies with the runner).</param>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="ArgumentException">A format that is not one of <see cref="OutputFormats.All"/>.</exception>
    /// <exception cref="TimeoutException">The run took longer than <see cref="RunOptions.Timeout"/>.</exception>
    public async Task<DocumentOutcome> RunAsync(string inputPath, string outDir, RunOptions? options = null, IProgress<JobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        var formats = OutputFormats.Selected(options.Formats);
        if (!File.Exists(inputPath))
        {
            throw new FileNotFoundException($"'{inputPath}' does not exist.", inputPath);
        }

        // The file is read once: hashed (for the job id) while it is copied, then moved into the work store.
        await using var staged = await StagedDocument.StageFileAsync(inputPath, cancellationToken).ConfigureAwait(false);
        var job = DocumentJob.Create(staged.Sha256, Path.GetFileName(inputPath), options);
        var jobId = job.JobId;
        // The root of the document's trace: every step's span is parented on it through the job.
        using var span = PipelineTelemetry.Start("folio.document", traceParent: null);
        span?.SetTag("folio.job.id", jobId);
        span?.SetTag("folio.document.name", Path.GetFileName(inputPath));
        job = job with { TraceParent = PipelineTelemetry.CurrentTraceParent() };
        var backend = await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var store = _sharedStore!;
        var sourceKey = job.SourceKey;
        try
        {
            if (!await store.ExistsAsync(sourceKey, cancellationToken).ConfigureAwait(false))
            {
                staged.MoveTo(store.PathOf(sourceKey));
            }

            var instanceId = $"{jobId}-{Guid.NewGuid():N}";
            await backend.ScheduleAsync(instanceId, job, cancellationToken).ConfigureAwait(false);
            PipelineTelemetry.DocumentStarted();
            var outcome = await WaitAsync(backend, instanceId, jobId, options.Timeout, progress, cancellationToken).ConfigureAwait(false);
            span?.SetTag("folio.document.status", EnumText.Of(outcome.Status));
            return await CopyOutputsAsync(store, outcome, inputPath, outDir, formats, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_options.WorkDirectory is null)
            {
                await DeleteJobAsync(store, jobId).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops the backend and deletes a temporary work folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync().ConfigureAwait(false);
        }

        if (_options.WorkDirectory is null && _sharedStore is not null && Directory.Exists(_sharedStore.Root))
        {
            Directory.Delete(_sharedStore.Root, recursive: true);
        }

        _startLock.Dispose();
    }

    private async Task<CoreBackend> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_backend is null)
            {
                _sharedStore = new LocalFolderStore(_options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "folio-work-" + Guid.NewGuid().ToString("N")));
                _backend = _options.Backend == DurableBackendKind.AzureStorage
                    ? await CoreBackend.StartAzureStorageAsync(_sharedStore, _recognizer, _options, _loggerFactory).ConfigureAwait(false)
                    : await CoreBackend.StartInMemoryAsync(_sharedStore, _recognizer, _options, _loggerFactory).ConfigureAwait(false);
            }

            return _backend;
        }
        finally
        {
            _startLock.Release();
        }
    }

    private async Task<DocumentOutcome> WaitAsync(CoreBackend backend, string instanceId, string jobId, TimeSpan timeout, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? lastStatus = null;
        while (true)
        {
            var snapshot = await backend.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (snapshot?.CustomStatusJson is { } status && !string.Equals(status, lastStatus, StringComparison.Ordinal))
            {
                lastStatus = status;
                if (JsonSerializer.Deserialize<JobProgress>(status) is { } parsed)
                {
                    progress?.Report(parsed);
                }
            }

            if (snapshot is { IsTerminal: true })
            {
                return snapshot.OutputJson is { } output && JsonSerializer.Deserialize<DocumentOutcome>(output) is { } outcome
                    ? outcome
                    : DocumentOutcome.Fail(jobId, $"The orchestration ended {snapshot.RuntimeStatus}: {snapshot.FailureMessage ?? "no reason given"}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Job {jobId} did not finish within {timeout}.");
            }

            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<DocumentOutcome> CopyOutputsAsync(LocalFolderStore store, DocumentOutcome outcome, string inputPath, string outDir, IReadOnlyList<string> formats, CancellationToken cancellationToken)
    {
        if (outcome.Outputs is not { } outputs)
        {
            return outcome;
        }

        Directory.CreateDirectory(outDir);
        var name = Path.GetFileNameWithoutExtension(inputPath);
        string PathOf(string format) => Path.GetFullPath(Path.Combine(outDir, $"{name}.{format}"));
        foreach (var format in formats)
        {
            var key = outputs.KeyOf(format) ?? throw new InvalidOperationException($"The job wrote no {format} output.");
            var file = File.Create(PathOf(format));
            await using (file.ConfigureAwait(false))
            {
                var content = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The {format} output '{key}' is not in the store.");
                await using (content.ConfigureAwait(false))
                {
                    await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var others = formats.Where(f => f is not (OutputFormats.Markdown or OutputFormats.Json)).ToDictionary(f => f, PathOf, StringComparer.Ordinal);
        return outcome with { Outputs = new DocumentOutputs(PathOf(OutputFormats.Markdown), PathOf(OutputFormats.Json)) { Others = others.Count > 0 ? others : null } };
    }

    private static async Task DeleteJobAsync(LocalFolderStore store, string jobId)
    {
        foreach (var prefix in new[] { $"work/{jobId}", $"output/{jobId}" })
        {
            var folder = store.PathOf(prefix);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
