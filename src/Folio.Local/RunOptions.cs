using Folio.Documents;
using Folio.Pipeline;

namespace Folio.Local;

/// <summary>Which durable backend <see cref="LocalDocumentRunner"/> runs the orchestrator on.</summary>
public enum DurableBackendKind
{
    /// <summary>The in-process, in-memory backend of Microsoft.DurableTask.InProcessTestHost (default; nothing to install).</summary>
    InMemory,

    /// <summary>DurableTask.AzureStorage (queues, tables, blobs) — the backend Durable Functions uses; Azurite locally.</summary>
    AzureStorage,
}

/// <summary>Settings of a <see cref="LocalDocumentRunner"/>, fixed for its life.</summary>
public sealed record LocalRunnerOptions
{
    /// <summary>The durable backend.</summary>
    public DurableBackendKind Backend { get; init; } = DurableBackendKind.InMemory;

    /// <summary>Storage connection string of the <see cref="DurableBackendKind.AzureStorage"/> backend (default Azurite).</summary>
    public string AzureStorageConnectionString { get; init; } = "UseDevelopmentStorage=true";

    /// <summary>Task hub name of the <see cref="DurableBackendKind.AzureStorage"/> backend: letters and digits, 3 to 45, starting with a letter.</summary>
    public string TaskHubName { get; init; } = "foliolocal";

    /// <summary>Whether the task hub's queues, tables and containers are deleted when the runner is disposed.</summary>
    public bool DeleteTaskHubOnDispose { get; init; }

    /// <summary>
    /// Folder of the work store (sources, pages, page results). Null: a temporary folder per run, deleted
    /// afterwards. Set, it is kept, and a second run of the same file and options reuses finished pages.
    /// </summary>
    public string? WorkDirectory { get; init; }

    /// <summary>How often progress is polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bounds applied when opening documents.</summary>
    public DocumentLimits Limits { get; init; } = DocumentLimits.Default;
}

/// <summary>Per-document settings of <see cref="LocalDocumentRunner.RunAsync"/>: the job's request and how long to wait for it.</summary>
public sealed record RunOptions : JobRequest
{
    /// <summary>The run is abandoned after this long (default 12 hours).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(12);
}
