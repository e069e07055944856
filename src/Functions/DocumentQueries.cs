using System.Net;
using System.Text.Json;
using Folio.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace Folio.Functions;

/// <summary>
/// The rest of the documents API: <c>GET /api/documents/{id}</c> (status), <c>GET /api/documents/{id}/result</c>
/// (the Markdown or JSON, streamed) and <c>DELETE /api/documents/{id}</c> (cancel, then delete everything Folio keeps of it).
/// </summary>
public sealed class DocumentQueries
{
    private readonly IWorkStore _store;
    private readonly FolioSettings _settings;
    private readonly JobHousekeeping _housekeeping;

    /// <summary>Creates the API (from DI).</summary>
    public DocumentQueries(IWorkStore store, FolioSettings settings, JobHousekeeping housekeeping)
    {
        _store = store;
        _settings = settings;
        _housekeeping = housekeeping;
    }

    /// <summary><c>GET /api/documents/{id}</c>: status, progress, failed pages, output locations and timings; 404 for an unknown id.</summary>
    [Function("GetDocument")]
    public async Task<HttpResponseData> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "documents/{id}")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await FindAsync(client, id, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return await DocumentsApi.ProblemAsync(request, HttpStatusCode.NotFound, $"No document job '{id}'.").ConfigureAwait(false);
        }

        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await JsonSerializer.SerializeAsync(response.Body, DocumentStatusView.From(instance, _settings), DocumentsApi.Json, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>
    /// <c>GET /api/documents/{id}/result?format=md|json|txt|html|pdf</c> (default <c>md</c>): the document, streamed. 404 for an
    /// unknown id or a format the job was not asked for, 409 while the job runs or when it produced nothing (the reason is in the problem).
    /// </summary>
    [Function("GetDocumentResult")]
    public async Task<HttpResponseData> GetResultAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "documents/{id}/result")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = System.Web.HttpUtility.ParseQueryString(request.Url.Query)["format"] ?? "md";
        if (!OutputFormats.IsKnown(format))
        {
            return await DocumentsApi.ProblemAsync(request, HttpStatusCode.BadRequest, $"'format' is one of {OutputFormats.Describe()}, not '{format}'.").ConfigureAwait(false);
        }

        var instance = await FindAsync(client, id, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return await DocumentsApi.ProblemAsync(request, HttpStatusCode.NotFound, $"No document job '{id}'.").ConfigureAwait(false);
        }

        var status = DocumentStatusView.StatusOf(instance);
        var outputs = DocumentStatusView.Outcome(instance)?.Outputs;
        if (outputs is null)
        {
            var why = status is "queued" or "running"
                ? $"The job is {status}; the result is ready when its status is succeeded or partiallySucceeded."
                : $"The job ended {status} without a result: {DocumentStatusView.From(instance, _settings).Reason}";
            return await DocumentsApi.ProblemAsync(request, HttpStatusCode.Conflict, why).ConfigureAwait(false);
        }

        if (outputs.KeyOf(format) is not { } key)
        {
            return await DocumentsApi.ProblemAsync(request, HttpStatusCode.NotFound, $"The job '{id}' wrote no {format} result: ask for it in 'formats' when you submit the document.").ConfigureAwait(false);
        }

        var content = await _store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return await DocumentsApi.ProblemAsync(request, HttpStatusCode.NotFound, $"The {format} result of '{id}' is no longer stored (deleted or past retention).").ConfigureAwait(false);
        }

        await using (content.ConfigureAwait(false))
        {
            var response = request.CreateResponse(HttpStatusCode.OK);
            response.Headers.Add("Content-Type", format == OutputFormats.Json ? "application/json; charset=utf-8" : OutputFormats.ContentType(format));
            response.Headers.Add("X-Folio-Status", status);
            await content.CopyToAsync(response.Body, cancellationToken).ConfigureAwait(false);
            return response;
        }
    }

    /// <summary>
    /// <c>DELETE /api/documents/{id}</c>: cancels the job if it runs, then deletes its work files, results and
    /// history. 204 when done, 404 for an unknown id, 409 when the job did not stop in time (nothing deleted; try again).
    /// </summary>
    [Function("DeleteDocument")]
    public async Task<HttpResponseData> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "documents/{id}")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJobId(id))
        {
            return await DocumentsApi.ProblemAsync(request, HttpStatusCode.NotFound, $"No document job '{id}'.").ConfigureAwait(false);
        }

        try
        {
            var deleted = await _housekeeping.DeleteJobAsync(client, id, _settings.DeleteWait, cancellationToken).ConfigureAwait(false);
            return deleted
                ? request.CreateResponse(HttpStatusCode.NoContent)
                : await DocumentsApi.ProblemAsync(request, HttpStatusCode.NotFound, $"No document job '{id}'.").ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            return await DocumentsApi.ProblemAsync(request, HttpStatusCode.Conflict, ex.Message).ConfigureAwait(false);
        }
    }

    // Only top-level job ids: a batch sub-orchestration ("doc-…:batch:2") is not a document.
    private static bool IsJobId(string id) => id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static async Task<OrchestrationMetadata?> FindAsync(DurableTaskClient client, string id, CancellationToken cancellationToken) =>
        IsJobId(id) ? await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) : null;
}
