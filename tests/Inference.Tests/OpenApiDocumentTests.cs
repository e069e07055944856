using System.Text.Encodings.Web;
using System.Text.Json;
using Folio.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Inference.Tests;

/// <summary>
/// The OpenAPI document generates working clients: it is valid OpenAPI (a real validator), describes every route the
/// service maps, the page endpoints' bodies and query, the API key, and the problem answers; the committed copy
/// (src/Inference/openapi.json) is the document the service serves.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<ServiceFactory>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string CommittedPath = Path.Combine(RepoPaths.Root, "src", "Inference", "openapi.json");
    private readonly ServiceFactory _factory;

    public OpenApiDocumentTests(ServiceFactory factory) => _factory = factory;

    private async Task<string> ServedAsync() =>
        await _factory.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

    [Fact]
    public async Task The_committed_copy_is_the_served_document()
    {
        var pretty = JsonSerializer.Serialize(JsonDocument.Parse(await ServedAsync()), Indented) + "\n";
        if (Environment.GetEnvironmentVariable("FOLIO_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, pretty);
        }

        Assert.True(File.Exists(CommittedPath), "src/Inference/openapi.json is missing: run the tests with FOLIO_UPDATE_OPENAPI=1.");
        Assert.True(await File.ReadAllTextAsync(CommittedPath) == pretty, "src/Inference/openapi.json differs from /openapi/v1.json: run the tests with FOLIO_UPDATE_OPENAPI=1.");
    }

    [OpenApiValidatorFact]
    public async Task The_document_is_valid_openapi()
    {
        var path = Path.Combine(Path.GetTempPath(), $"folio-inference-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, await ServedAsync());
        try
        {
            var (valid, output) = OpenApiValidator.Validate(path);
            Assert.True(valid, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Every_route_the_service_maps_is_described()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        var paths = document.RootElement.GetProperty("paths");
        var routes = Routes().ToList();
        Assert.Contains(("/v1/ocr", "post"), routes);
        Assert.Contains(("/readyz", "get"), routes);
        foreach (var (path, method) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method.ToUpperInvariant()} {path} is mapped but not in the OpenAPI document.");
        }

        // And nothing is described that the service does not map.
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.True(routes.Contains((path.Name, operation.Name)), $"{operation.Name.ToUpperInvariant()} {path.Name} is in the OpenAPI document but not mapped.");
            }
        }
    }

    [Fact]
    public async Task Page_endpoints_describe_their_body_query_key_and_problems()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        var root = document.RootElement;
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.True(root.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties").TryGetProperty("code", out _));

        foreach (var path in new[] { "/v1/ocr", "/v1/render" })
        {
            var operation = root.GetProperty("paths").GetProperty(path).GetProperty("post");
            var body = operation.GetProperty("requestBody");
            Assert.True(body.GetProperty("required").GetBoolean());
            var types = body.GetProperty("content").EnumerateObject().Select(c => c.Name).ToList();
            Assert.Equal(PageAdmission.MediaTypes, types);
            Assert.All(body.GetProperty("content").EnumerateObject(), c => Assert.Equal("binary", c.Value.GetProperty("schema").GetProperty("format").GetString()));

            var query = operation.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p);
            Assert.All(query.Values, p => Assert.Equal("query", p.GetProperty("in").GetString()));
            foreach (var number in new[] { "page", "firstPage", "dpi" })
            {
                Assert.Equal("integer", query[number].GetProperty("schema").GetProperty("type").GetString());
            }

            Assert.Equal(path == "/v1/ocr", query.ContainsKey("engine"));
            Assert.Equal("ApiKey", Assert.Single(operation.GetProperty("security").EnumerateArray()).EnumerateObject().Single().Name);

            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "400", "401", "413", "415", "422", "429", "500" })
            {
                Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{path} {status}");
            }

            Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        }

        // The probes need no key.
        Assert.False(root.GetProperty("paths").GetProperty("/readyz").GetProperty("get").TryGetProperty("security", out _));
    }

    // Every endpoint routing knows, but those deliberately left out of the description (/metrics, the viewer's redirect,
    // the document itself): path and lower-case method. Endpoints without methods (the probes) answer GET.
    private IEnumerable<(string Path, string Method)> Routes()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                continue;
            }

            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            {
                yield return (path, method.ToLowerInvariant());
            }
        }
    }
}
