using System.Reflection;
using Microsoft.Extensions.FileProviders;

namespace Folio.Inference;

/// <summary>
/// The viewer: plain HTML, CSS and JavaScript from <c>wwwroot</c>, embedded in the assembly (so the service serves
/// them from any working folder, with no build step), at <c>/</c> and <c>/viewer</c>; and <c>POST /v1/render</c>,
/// which gives it PDF and TIFF page images. With an API key set, the files are not served unless
/// <see cref="InferenceOptions.PublicViewer"/> (the viewer then asks for the key for its calls).
/// </summary>
internal static class ViewerEndpoints
{
    public static void MapViewer(this WebApplication app, InferenceOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKey) || options.PublicViewer)
        {
            var files = new EmbeddedFileProvider(typeof(ViewerEndpoints).Assembly, "Folio.Inference.wwwroot");
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                // Small files that change with every release: revalidate rather than cache stale code.
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            });
            app.MapGet("/viewer", () => Results.Redirect("/")).ExcludeFromDescription();
        }

        app.MapPost("/v1/render", RenderEndpoint.HandleAsync)
            .RequireApiKey()
            .AsPageEndpoint(PageEndpoint.Render)
            .WithTags("Pages")
            .WithSummary("Renders one page to PNG.")
            .WithDescription("Body: the bytes of one image or PDF, as for /v1/ocr. Query: page (1-based, default 1), firstPage (as for /v1/ocr) and dpi (PDF rendering, default 150). Answers image/png, the raster /v1/ocr reads at the same page and dpi (its coordinates apply), with the document's page count in X-Page-Count; or problem+json: 413 over the size or pixel limit, 415 for an unsupported type, 422 for undecodable, empty or encrypted input, a page past the end or a PDF page too slow to render (too_complex), 429 when saturated, 504 when the page outlasts Inference:PageTimeoutSeconds.")
            .Produces<Stream>(StatusCodes.Status200OK, "image/png")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
    }

    /// <summary>Names of the embedded viewer files (for tests).</summary>
    internal static IEnumerable<string> EmbeddedNames(Assembly assembly) =>
        assembly.GetManifestResourceNames().Where(n => n.StartsWith("Folio.Inference.wwwroot.", StringComparison.Ordinal));
}
