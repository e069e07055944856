namespace Folio.Inference;

/// <summary>
/// The JSON Schema of the document JSON that Folio writes (<c>schemas/folio-document.schema.json</c>, embedded in the
/// assembly) at a stable path, for clients that validate what they receive. Public like the probes: it holds no data.
/// </summary>
internal static class SchemaEndpoints
{
    public const string DocumentSchemaPath = "/schemas/folio-document.schema.json";

    private const string ResourceName = "Folio.Inference.schemas.folio-document.schema.json";

    public static void MapSchemas(this WebApplication app)
    {
        var schema = ReadResource();
        app.MapGet(DocumentSchemaPath, () => Results.Bytes(schema, "application/schema+json"))
            .ExcludeFromDescription();
    }

    private static byte[] ReadResource()
    {
        using var stream = typeof(SchemaEndpoints).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
