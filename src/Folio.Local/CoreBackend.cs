using DurableTask.AzureStorage;
using DurableTask.Core;
using Folio.Documents;
using Folio.Pipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CoreActivity = DurableTask.Core.TaskActivity;

namespace Folio.Local;

/// <summary>
/// The pipeline on a DurableTask.Core orchestration service — the in-memory one of
/// Microsoft.DurableTask.InProcessTestHost, or DurableTask.AzureStorage (the Durable Functions backend,
/// Azurite locally) — with the same class-based orchestrators and activities run through
/// <see cref="DurableTaskShimFactory"/>, as the Functions worker runs them.
/// </summary>
internal sealed class CoreBackend : IAsyncDisposable
{
    private readonly IOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly TaskHubClient _client;
    private readonly ServiceProvider _services;
    private readonly bool _deleteHub;

    private CoreBackend(IOrchestrationService service, TaskHubWorker worker, TaskHubClient client, ServiceProvider services, bool deleteHub)
    {
        _service = service;
        _worker = worker;
        _client = client;
        _services = services;
        _deleteHub = deleteHub;
    }

    /// <summary>Starts on the in-memory orchestration service (nothing to install; state dies with the process).</summary>
    public static Task<CoreBackend> StartInMemoryAsync(IWorkStore store, IPageRecognizer recognizer, LocalRunnerOptions options, ILoggerFactory? loggerFactory)
    {
        var service = new InMemoryOrchestrationService(loggerFactory);
        return StartAsync(service, service, store, recognizer, options, loggerFactory);
    }

    /// <summary>Starts on DurableTask.AzureStorage, creating the task hub if needed.</summary>
    public static async Task<CoreBackend> StartAzureStorageAsync(IWorkStore store, IPageRecognizer recognizer, LocalRunnerOptions options, ILoggerFactory? loggerFactory)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.AzureStorageConnectionString),
            TaskHubName = options.TaskHubName,
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        return await StartAsync(service, service, store, recognizer, options, loggerFactory).ConfigureAwait(false);
    }

    private static async Task<CoreBackend> StartAsync(IOrchestrationService service, IOrchestrationServiceClient serviceClient, IWorkStore store, IPageRecognizer recognizer, LocalRunnerOptions options, ILoggerFactory? loggerFactory)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(loggerFactory)
            .AddSingleton(store)
            .AddSingleton(recognizer)
            .AddSingleton(Options.Create(options.Limits ?? DocumentLimits.Default))
            .AddFolioPipeline()
            .BuildServiceProvider();

        var workerOptions = new DurableTaskWorkerOptions();
        var shims = new DurableTaskShimFactory(workerOptions, loggerFactory);
        var worker = new TaskHubWorker(service, loggerFactory);
        worker.AddTaskOrchestrations(PipelineRegistration.Orchestrators
            .Select(o => new Creator<TaskOrchestration>(o.Key, () => shims.CreateOrchestration(o.Key, o.Value())))
            .ToArray());
        worker.AddTaskActivities(PipelineRegistration.Activities
            .Select(a => new Creator<CoreActivity>(a.Key, () => shims.CreateActivity(a.Key, (ITaskActivity)services.GetRequiredService(a.Value))))
            .ToArray());
        await worker.StartAsync().ConfigureAwait(false);

        var client = new TaskHubClient(serviceClient, new SdkDataConverter(workerOptions.DataConverter), loggerFactory);
        return new CoreBackend(service, worker, client, services, options.DeleteTaskHubOnDispose && service is AzureStorageOrchestrationService);
    }

    public Task ScheduleAsync(string instanceId, DocumentJob job, CancellationToken cancellationToken) =>
        _client.CreateOrchestrationInstanceAsync(TaskNames.DocumentOrchestrator, string.Empty, instanceId, job);

    public async Task<InstanceSnapshot?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await _client.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }

        var terminal = state.OrchestrationStatus is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;
        var failure = state.OrchestrationStatus == OrchestrationStatus.Failed ? state.FailureDetails?.ErrorMessage ?? state.Output : null;
        return new InstanceSnapshot(terminal, state.OrchestrationStatus.ToString(), state.Status, state.OrchestrationStatus == OrchestrationStatus.Completed ? state.Output : null, failure);
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(isForced: true).ConfigureAwait(false);
        if (_deleteHub)
        {
            await _service.DeleteAsync().ConfigureAwait(false);
        }

        _worker.Dispose();
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>DurableTask.Core's converter over the SDK's, so inputs the client sends read back in the shims.</summary>
    private sealed class SdkDataConverter(Microsoft.DurableTask.DataConverter inner) : DurableTask.Core.Serializing.DataConverter
    {
        public override string? Serialize(object value) => inner.Serialize(value);

        public override string? Serialize(object value, bool formatted) => inner.Serialize(value);

        public override object? Deserialize(string data, Type objectType) => inner.Deserialize(data, objectType);
    }

    /// <summary>Builds a fresh shim (and a fresh orchestrator or activity) per execution.</summary>
    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }
}

/// <summary>An instance's state as the backend reports it.</summary>
/// <param name="IsTerminal">Completed, failed or terminated.</param>
/// <param name="RuntimeStatus">The backend's status name.</param>
/// <param name="CustomStatusJson">Serialized <see cref="JobProgress"/>, if set.</param>
/// <param name="OutputJson">Serialized <see cref="DocumentOutcome"/>, when completed.</param>
/// <param name="FailureMessage">Why the orchestration itself failed.</param>
internal sealed record InstanceSnapshot(bool IsTerminal, string RuntimeStatus, string? CustomStatusJson, string? OutputJson, string? FailureMessage);
