using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Folio.Testing;
using Microsoft.Azure.Functions.Worker;

namespace Folio.Functions.Tests;

/// <summary>
/// src/Functions/openapi.json, the OpenAPI document of the documents API: valid OpenAPI (a real validator), describing
/// every HTTP trigger's route and methods and nothing else, with the path parameters the routes have; served as is by
/// <see cref="OpenApiDocumentFunction"/>.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static readonly string DocumentPath = Path.Combine(RepoPaths.Root, "src", "Functions", "openapi.json");

    [OpenApiValidatorFact]
    public void The_document_is_valid_openapi()
    {
        var (valid, output) = OpenApiValidator.Validate(DocumentPath);
        Assert.True(valid, output);
    }

    [Fact]
    public void Every_http_trigger_is_described_with_its_path_parameters_and_nothing_else()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DocumentPath));
        var paths = document.RootElement.GetProperty("paths");
        var triggers = Triggers().ToList();
        Assert.Contains(("/documents", "post"), triggers.Select(t => (t.Path, t.Method)));
        Assert.Contains(("/documents/{id}", "delete"), triggers.Select(t => (t.Path, t.Method)));
        foreach (var (function, path, method) in triggers)
        {
            var described = paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _);
            Assert.True(described, $"{function} ({method.ToUpperInvariant()} {path}) is an HTTP trigger but not in src/Functions/openapi.json.");
            var operation = item.GetProperty(method);
            Assert.Equal(function, operation.GetProperty("operationId").GetString());
            var inPath = Parameters(item).Concat(Parameters(operation))
                .Where(p => p.GetProperty("in").GetString() == "path")
                .Select(p => p.GetProperty("name").GetString())
                .Order(StringComparer.Ordinal);
            Assert.Equal(RouteParameter().Matches(path).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal), inPath);
        }

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                Assert.True(triggers.Any(t => t.Path == path.Name && t.Method == operation.Name),
                    $"{operation.Name.ToUpperInvariant()} {path.Name} is in src/Functions/openapi.json but no HTTP trigger answers it.");
            }
        }
    }

    [Fact]
    public void The_job_options_and_formats_are_described_as_the_code_reads_them()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DocumentPath));
        var options = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("JobOptions").GetProperty("properties");
        var inCode = typeof(JobOptions).GetProperties().Select(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name).OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(inCode, options.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JobOptions.Formats, options.GetProperty("formats").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));

        // An upload takes the same options in its query string.
        var upload = document.RootElement.GetProperty("paths").GetProperty("/documents").GetProperty("post").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.All(inCode, name => Assert.Contains(name, upload));

        var result = document.RootElement.GetProperty("paths").GetProperty("/documents/{id}/result").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "format");
        Assert.Equal(JobOptions.Formats, result.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));

        // The status answer (camelCase of DocumentStatusView's properties).
        var status = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("DocumentStatus").GetProperty("properties");
        Assert.Equal(
            typeof(DocumentStatusView).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal),
            status.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_document_is_served_as_committed()
    {
        var response = (FakeResponse)await OpenApiDocumentFunction.GetAsync(new FakeRequest("GET", "http://localhost:7071/api/openapi.json"), default);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await File.ReadAllTextAsync(DocumentPath), response.Text());
    }

    private static List<JsonElement> Parameters(JsonElement item) =>
        item.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray().ToList() : [];

    // Each HTTP trigger of the app: its function name, the route as the document writes it (under the server's /api),
    // and each of its methods, lower case.
    private static IEnumerable<(string Function, string Path, string Method)> Triggers()
    {
        var methods = typeof(OpenApiDocumentFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly));
        foreach (var method in methods)
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()?.Name;
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            if (name is null || trigger is null)
            {
                continue;
            }

            Assert.False(string.IsNullOrEmpty(trigger.Route), $"{name} has no Route: its path would be its function name.");
            foreach (var verb in trigger.Methods ?? [])
            {
                yield return (name, "/" + trigger.Route!.TrimStart('/'), verb.ToLowerInvariant());
            }
        }
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\??\}")]
    private static partial Regex RouteParameter();
}
