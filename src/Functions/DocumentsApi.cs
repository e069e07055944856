using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Folio.Functions;

/// <summary>Body of <c>POST /api/documents</c>.</summary>
/// <param name="Source">Blob name in the input container.</param>
/// <param name="Pages">Optional page selection such as <c>1-3,7</c>.</param>
/// <param name="Dpi">Optional render resolution.</param>
public sealed record StartDocumentRequest(
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("pages")] string? Pages = null,
    [property: JsonPropertyName("dpi")] int? Dpi = null);

/// <summary>The documents HTTP API: start a job for a blob already uploaded, and read a job's status.</summary>
public sealed partial class DocumentsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly IWorkStore _store;
    private readonly FolioSettings _settings;
    private readonly ILogger<DocumentsApi> _logger;

    /// <summary>Creates the API (from DI).</summary>
    public DocumentsApi(IWorkStore store, FolioSettings settings, ILogger<DocumentsApi> logger)
    {
        _store = store;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>
    /// <c>POST /api/documents</c> with <c>{"source": "scan.pdf", "pages": "1-3", "dpi": 200}</c>: starts (or finds)
    /// the job for that blob of the input container and answers 202 with the durable management payload
    /// (<c>id</c>, <c>statusQueryGetUri</c>, …). 400 for a bad body, 404 when the blob does not exist.
    /// </summary>
    [Function("StartDocument")]
    public async Task<HttpResponseData> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "documents")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        StartDocumentRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<StartDocumentRequest>(request.Body, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return await ProblemAsync(request, HttpStatusCode.BadRequest, "The body is not valid JSON.", ex.Message).ConfigureAwait(false);
        }

        var key = $"{FolioSettings.InputArea}/{body?.Source}";
        if (string.IsNullOrWhiteSpace(body?.Source) || !IsValidKey(key))
        {
            return await ProblemAsync(request, HttpStatusCode.BadRequest, "'source' must name a blob in the input container.", null).ConfigureAwait(false);
        }

        var content = await _store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return await ProblemAsync(request, HttpStatusCode.NotFound, $"'{body.Source}' is not in the input container '{_settings.InputContainer}'.", null).ConfigureAwait(false);
        }

        byte[] hash;
        await using (content.ConfigureAwait(false))
        {
            hash = await JobIds.HashAsync(content, cancellationToken).ConfigureAwait(false);
        }

        var job = _settings.CreateJob(hash, body.Source, body.Pages, body.Dpi);
        await StartIfNewAsync(client, job, _logger, cancellationToken).ConfigureAwait(false);
        return await client.CreateCheckStatusResponseAsync(request, job.JobId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/documents/{id}</c>: status, progress, failed pages and output locations; 404 for an unknown id.</summary>
    [Function("GetDocument")]
    public async Task<HttpResponseData> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "documents/{id}")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return await ProblemAsync(request, HttpStatusCode.NotFound, $"No document job '{id}'.", null).ConfigureAwait(false);
        }

        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await JsonSerializer.SerializeAsync(response.Body, DocumentStatusView.From(instance, _settings), Json, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>Schedules the job under its id unless an instance with that id is pending, running or done.</summary>
    internal static async Task<bool> StartIfNewAsync(DurableTaskClient client, DocumentJob job, ILogger logger, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(job.JobId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
        {
            LogExisting(logger, job.JobId, existing.RuntimeStatus);
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(TaskNames.DocumentOrchestrator), job, new StartOrchestrationOptions(job.JobId), cancellationToken).ConfigureAwait(false);
        LogStarted(logger, job.JobId, job.SourceKey);
        return true;
    }

    private static bool IsValidKey(string key)
    {
        try
        {
            WorkKeys.Validate(key);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<HttpResponseData> ProblemAsync(HttpRequestData request, HttpStatusCode status, string title, string? detail)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/problem+json; charset=utf-8");
        await JsonSerializer.SerializeAsync(response.Body, new { type = "about:blank", title, status = (int)status, detail }, Json).ConfigureAwait(false);
        return response;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Job {JobId} started for {SourceKey}")]
    private static partial void LogStarted(ILogger logger, string jobId, string sourceKey);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Job {JobId} already exists ({Status}); not started again")]
    private static partial void LogExisting(ILogger logger, string jobId, OrchestrationRuntimeStatus status);
}
