using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Web;
using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Folio.Functions;

/// <summary>What <c>POST /api/documents</c> answers (202, with <c>Location</c> = <see cref="StatusUrl"/>).</summary>
/// <param name="Id">The job id.</param>
/// <param name="Status">The job's status now (see <see cref="DocumentStatusView.Status"/>).</param>
/// <param name="StatusUrl">Where to poll.</param>
/// <param name="ResultUrl">Where the Markdown will be (<c>?format=json</c> for the JSON).</param>
/// <param name="Deduplicated">True when the same document with the same options was already submitted: no new job was started.</param>
public sealed record StartedDocument(string Id, string Status, Uri StatusUrl, Uri ResultUrl, bool Deduplicated);

/// <summary>
/// <c>POST /api/documents</c>: starts the job for a document — named by <c>source</c> in a JSON body, or sent as the
/// body itself — unless the same document with the same options already has one. See <see cref="DocumentQueries"/> for the rest of the API.
/// </summary>
public sealed partial class DocumentsApi
{
    /// <summary>JSON of the API's answers.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly JobSubmission _submission;
    private readonly IWorkStore _store;
    private readonly ILogger<DocumentsApi> _logger;

    /// <summary>Creates the API (from DI).</summary>
    public DocumentsApi(JobSubmission submission, IWorkStore store, ILogger<DocumentsApi> logger)
    {
        _submission = submission;
        _store = store;
        _logger = logger;
    }

    /// <summary>
    /// <c>POST /api/documents</c> with <c>{"source": "s3://bucket/scan.pdf", "output": "s3://bucket/out/", "options": {"pages": "1-3", "dpi": 200}}</c>,
    /// or with the document as the body (<c>Content-Type: application/pdf</c> or an image type; options in the query
    /// string, <c>name</c> for the file name). Answers 202 with the job id and its status URL; 400, 403, 404 or 413 as problems.
    /// </summary>
    [Function("StartDocument")]
    public async Task<HttpResponseData> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "documents")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        Submission submission;
        try
        {
            submission = IsJson(request)
                ? await FromJsonAsync(request, cancellationToken).ConfigureAwait(false)
                : await FromBodyAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (SubmissionException ex)
        {
            return await ProblemAsync(request, ex.Status, ex.Message).ConfigureAwait(false);
        }

        try
        {
            var job = submission.Job;
            var (started, status) = await StartAsync(client, _store, job, rerunUnfinished: true, () => StoreSourceAsync(submission, cancellationToken), _logger, cancellationToken).ConfigureAwait(false);
            var statusUrl = new Uri(request.Url, $"/api/documents/{job.JobId}");
            var response = request.CreateResponse(HttpStatusCode.Accepted);
            response.Headers.Add("Location", statusUrl.ToString());
            response.Headers.Add("Content-Type", "application/json; charset=utf-8");
            var body = new StartedDocument(job.JobId, status, statusUrl, new Uri(request.Url, $"/api/documents/{job.JobId}/result"), !started);
            await JsonSerializer.SerializeAsync(response.Body, body, Json, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            if (submission.Staged is not null)
            {
                await submission.Staged.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Starts the job under its id unless it exists. An existing job is started again only when
    /// <paramref name="rerunUnfinished"/> and it ended without every page (failed, partly failed, canceled): its
    /// finished pages are reused. The blob trigger never re-runs, so a document that fails is not picked up again and again.
    /// </summary>
    /// <remarks>
    /// Two starts at once (two POSTs, a POST and the upload trigger, on one instance or two) make one run: each claims
    /// the run it is about to start in the store (<see cref="WorkKeys.StartClaim"/>, created only if absent), and
    /// the one that does not get the claim answers as for an existing job. A claim left by a start that died before
    /// scheduling is taken over after <see cref="StaleClaim"/>.
    /// </remarks>
    /// <returns>Whether a run was started, and the job's status.</returns>
    internal static async Task<(bool Started, string Status)> StartAsync(
        DurableTaskClient client, IWorkStore store, DocumentJob job, bool rerunUnfinished, Func<Task>? beforeStart, ILogger logger, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(job.JobId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            var status = DocumentStatusView.StatusOf(existing);
            // A job still delivering its notification has a final status but is not finished: it is not run again yet.
            if (!(rerunUnfinished && existing.IsCompleted && status is "failed" or "partiallySucceeded" or "canceled"))
            {
                LogExisting(logger, job.JobId, status);
                return (false, status);
            }
        }

        var generation = existing is null ? "0" : existing.LastUpdatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!await ClaimAsync(store, WorkKeys.StartClaim(job.JobId, generation), cancellationToken).ConfigureAwait(false))
        {
            LogExisting(logger, job.JobId, "queued");
            return (false, "queued");
        }

        if (existing is not null)
        {
            // A finished instance id can be scheduled again only once its history is gone.
            await client.PurgeInstanceAsync(job.JobId, cancellationToken).ConfigureAwait(false);
        }

        if (beforeStart is not null)
        {
            await beforeStart().ConfigureAwait(false);
        }

        // The steps' spans join the trace of the request or upload that started the job.
        job = job with { TraceParent = PipelineTelemetry.CurrentTraceParent() };
        await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(TaskNames.DocumentOrchestrator), job, new StartOrchestrationOptions(job.JobId), cancellationToken).ConfigureAwait(false);
        PipelineTelemetry.DocumentStarted();
        LogStarted(logger, job.JobId, existing is null ? "new" : "re-run");
        return (true, "queued");
    }

    /// <summary>How old a start claim must be, with no run to show for it, before another start takes it over.</summary>
    internal static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);

    private static async Task<bool> ClaimAsync(IWorkStore store, string key, CancellationToken cancellationToken)
    {
        if (await store.TryCreateAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        await foreach (var item in store.ListItemsAsync(key, cancellationToken).ConfigureAwait(false))
        {
            if (item.Key == key && DateTimeOffset.UtcNow - item.LastModified > StaleClaim)
            {
                await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                return await store.TryCreateAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }

        return false;
    }

    /// <summary>A problem+json answer.</summary>
    internal static async Task<HttpResponseData> ProblemAsync(HttpRequestData request, HttpStatusCode status, string detail)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/problem+json; charset=utf-8");
        var title = status switch
        {
            HttpStatusCode.BadRequest => "Bad request",
            HttpStatusCode.Forbidden => "Not allowed",
            HttpStatusCode.NotFound => "Not found",
            HttpStatusCode.Conflict => "Not available",
            HttpStatusCode.RequestEntityTooLarge => "Too large",
            _ => status.ToString(),
        };
        await JsonSerializer.SerializeAsync(response.Body, new { type = "about:blank", title, status = (int)status, detail }, Json).ConfigureAwait(false);
        return response;
    }

    private async Task<Submission> FromJsonAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        StartDocumentRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<StartDocumentRequest>(request.Body, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new SubmissionException(HttpStatusCode.BadRequest, "The body is not valid JSON: " + ex.Message);
        }

        return await _submission.FromSourceAsync(body?.Source, body?.Output, body?.EffectiveOptions() ?? new JobOptions(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Submission> FromBodyAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        JobOptions options;
        try
        {
            options = JobOptions.FromQuery(name => query[name]);
        }
        catch (FormatException ex)
        {
            throw new SubmissionException(HttpStatusCode.BadRequest, ex.Message);
        }

        var name = query["name"] is { Length: > 0 } given ? Path.GetFileName(given) : "document";
        long? length = request.Headers.TryGetValues("Content-Length", out var values) && long.TryParse(values.FirstOrDefault(), out var parsed) ? parsed : null;
        return await _submission.FromBodyAsync(request.Body, length, name, query["output"], options, cancellationToken).ConfigureAwait(false);
    }

    private async Task StoreSourceAsync(Submission submission, CancellationToken cancellationToken)
    {
        if (submission.Staged is null)
        {
            return;
        }

        var file = submission.Staged.OpenRead();
        await using (file.ConfigureAwait(false))
        {
            await _store.PutAsync(submission.Job.SourceKey, file, "application/octet-stream", cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsJson(HttpRequestData request) =>
        !request.Headers.TryGetValues("Content-Type", out var types)
        || types.FirstOrDefault() is not { } type
        || type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Job {JobId} started ({Kind})")]
    private static partial void LogStarted(ILogger logger, string jobId, string kind);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Job {JobId} already exists ({Status}); not started again")]
    private static partial void LogExisting(ILogger logger, string jobId, string status);
}
