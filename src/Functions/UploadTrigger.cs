using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Folio.Functions;

/// <summary>Starts a job for each blob uploaded to the input container, once per content and options.</summary>
public sealed class UploadTrigger
{
    private readonly FolioSettings _settings;
    private readonly IWorkStore _store;
    private readonly ILogger<UploadTrigger> _logger;

    /// <summary>Creates the trigger (from DI).</summary>
    public UploadTrigger(FolioSettings settings, IWorkStore store, ILogger<UploadTrigger> logger)
    {
        _settings = settings;
        _store = store;
        _logger = logger;
    }

    /// <summary>
    /// Hashes the upload and starts <see cref="DocumentOrchestrator"/> with the id derived from the hash and the
    /// default options; an upload whose job already exists (the same bytes again, or a retried trigger) is skipped,
    /// whatever that job's outcome, so a blob that fails is not processed again and again.
    /// </summary>
    /// <remarks>Polls the container: for Core Tools + Azurite and hosting plans that poll. Disabled on Flex Consumption.</remarks>
    [Function("OnDocumentUploaded")]
    public Task RunAsync(
        [BlobTrigger("%FOLIO_INPUT_CONTAINER%/{name}", Connection = "FOLIO_STORAGE")] Stream content,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => StartAsync(content, name, client, cancellationToken);

    /// <summary>The same trigger fed by Event Grid blob-created events, which Flex Consumption requires.</summary>
    [Function("OnDocumentUploadedEventGrid")]
    public Task RunFromEventGridAsync(
        [BlobTrigger("%FOLIO_INPUT_CONTAINER%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "FOLIO_STORAGE")] Stream content,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => StartAsync(content, name, client, cancellationToken);

    private async Task StartAsync(Stream content, string name, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var hash = await JobIds.HashAsync(content, cancellationToken).ConfigureAwait(false);
        var job = _settings.CreateJob(hash, name);
        // Never a re-run: a document that failed stays failed until someone submits it again through the API.
        await DocumentsApi.StartAsync(client, _store, job, rerunUnfinished: false, beforeStart: null, _logger, cancellationToken).ConfigureAwait(false);
    }
}
