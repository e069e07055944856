using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Inference.Tests;

/// <summary>The API key guards the /v1 endpoints whatever spelling of the path reaches them.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "case-test-key";

    private static HttpRequestMessage Request(string method, string path, bool withKey)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "scanned-page.jpg")))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") },
            };
        }

        if (withKey)
        {
            request.Headers.Add("X-Api-Key", Key);
        }

        return request;
    }

    [ModelsFact]
    public async Task Every_case_of_a_v1_path_needs_the_key_and_works_with_it()
    {
        using var factory = ServiceFactory.With(new Dictionary<string, string?> { ["Inference:ApiKey"] = Key });
        var client = await factory.ReadyClientAsync();
        (string Method, string Path)[] routes =
        [
            ("GET", "/v1/info"), ("GET", "/V1/info"), ("GET", "/V1/INFO"),
            ("POST", "/v1/ocr"), ("POST", "/V1/ocr"), ("POST", "/V1/OCR"), ("POST", "/v1/Ocr"),
            ("POST", "/V1/render"), ("POST", "/v1/RENDER"),
        ];
        var answers = new List<(string Route, HttpStatusCode Status, string? Code)>();
        foreach (var (method, path) in routes)
        {
            using var refused = await client.SendAsync(Request(method, path, withKey: false));
            string? code = null;
            if (refused.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                code = problem.TryGetProperty("code", out var member) ? member.GetString() : null;
            }

            answers.Add(($"{method} {path}", refused.StatusCode, code));
        }

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Unauthorized, $"{a.Route} without the key answered {(int)a.Status}"));
        Assert.All(answers, a => Assert.Equal("unauthorized", a.Code));

        foreach (var (method, path) in new[] { ("GET", "/V1/info"), ("POST", "/V1/OCR"), ("POST", "/V1/render") })
        {
            using var served = await client.SendAsync(Request(method, path, withKey: true));
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{method} {path} with the key answered {(int)served.StatusCode}");
        }
    }

    [Fact]
    public void Every_endpoint_under_v1_is_marked_as_needing_the_key()
    {
        using var factory = new ServiceFactory();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("v1", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/v1/ocr");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/v1/render");
        Assert.All(endpoints, e => Assert.True(e.Metadata.GetMetadata<ApiKeyRequired>() is not null, $"{e.RoutePattern.RawText} does not need the key"));
    }
}
