using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Folio.Functions;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI 3 document of the documents API, <c>src/Functions/openapi.json</c>
/// embedded in the assembly (a test checks it against the HTTP triggers and with an OpenAPI validator). No key needed:
/// it tells nothing a client generator should not know.
/// </summary>
public static class OpenApiDocumentFunction
{
    /// <summary>Name of the embedded document.</summary>
    public const string ResourceName = "Folio.Functions.openapi.json";

    /// <summary>Answers the document.</summary>
    [Function("GetOpenApiDocument")]
    public static async Task<HttpResponseData> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        var document = typeof(OpenApiDocumentFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in the assembly.");
        await using (document.ConfigureAwait(false))
        {
            await document.CopyToAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }
}
