using System.Net;
using Folio.Testing;

namespace Folio.Inference.Tests;

/// <summary>The document JSON's schema is served at a stable path, byte for byte the repository's file, with or without an API key.</summary>
public sealed class SchemaEndpointTests
{
    private static readonly Uri SchemaUri = new("/schemas/folio-document.schema.json", UriKind.Relative);

    [Theory]
    [InlineData(null)]
    [InlineData("schema-test-key")]
    public async Task The_document_schema_is_served_as_the_repository_has_it(string? apiKey)
    {
        // No models: the schema does not wait for the engine.
        using var service = ServiceFactory.With(new Dictionary<string, string?>
        {
            ["Ocr:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "no-models-for-schema"),
            ["Inference:ApiKey"] = apiKey,
        });
        using var response = await service.CreateClient().GetAsync(SchemaUri);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var expected = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "schemas", "folio-document.schema.json"));
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
    }
}
