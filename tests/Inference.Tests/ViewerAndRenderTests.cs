using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Folio.Testing;
using SkiaSharp;

namespace Folio.Inference.Tests;

/// <summary>The viewer's static files and <c>POST /v1/render</c>, which gives it PDF and TIFF page images.</summary>
public sealed partial class ViewerAndRenderTests
{
    private static readonly Dictionary<string, string?> WithKey = new() { ["Inference:ApiKey"] = "viewer-test-key", ["Inference:PublicViewer"] = "true" };

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/viewer.js", "text/javascript")]
    [InlineData("/viewer.css", "text/css")]
    [InlineData("/markdown.js", "text/javascript")]
    public async Task Opened_deliberately_the_viewer_files_are_served_without_the_api_key_while_v1_needs_it(string path, string mediaType)
    {
        using var factory = ServiceFactory.With(WithKey);
        var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/v1/info", UriKind.Relative))).StatusCode);
        var render = await client.PostAsync(new Uri("/v1/render", UriKind.Relative), new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.Unauthorized, render.StatusCode);
    }

    [Fact]
    public async Task Viewer_redirects_to_the_page()
    {
        using var factory = new ServiceFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync(new Uri("/viewer", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public void The_viewer_loads_nothing_from_other_hosts()
    {
        var folder = Path.Combine(RepoPaths.Root, "src", "Inference", "wwwroot");
        var files = Directory.GetFiles(folder);
        Assert.Contains(files, f => f.EndsWith("index.html", StringComparison.Ordinal));
        foreach (var file in files)
        {
            // The SVG namespace is a name, not a request.
            var text = File.ReadAllText(file).Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal);
            Assert.False(ExternalUrl().IsMatch(text), $"{Path.GetFileName(file)} names an external URL: {ExternalUrl().Match(text).Value}");
        }

        Assert.Equal(files.Length, ViewerEndpoints.EmbeddedNames(typeof(ViewerEndpoints).Assembly).Count());
    }

    [Fact]
    public async Task A_pdf_page_renders_to_png_with_the_page_count()
    {
        using var factory = new ServiceFactory();
        var client = factory.CreateClient();
        var pdf = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"));
        var response = await client.PostAsync(new Uri("/v1/render?page=2&dpi=100", UriKind.Relative), Body(pdf, "application/pdf"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3", response.Headers.GetValues("X-Page-Count").Single());
        using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(850, image.Width, tolerance: 2); // US letter at 100 dpi: 8.5 in
    }

    [Theory]
    [InlineData("html-named.pdf", HttpStatusCode.UnsupportedMediaType, "not a PDF")]
    [InlineData("encrypted.pdf", HttpStatusCode.UnprocessableEntity, "password")]
    [InlineData("zero-bytes.pdf", HttpStatusCode.UnprocessableEntity, "empty")]
    public async Task Bad_files_get_a_problem_with_the_reason(string name, HttpStatusCode status, string reason)
    {
        using var factory = new ServiceFactory();
        var client = factory.CreateClient();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.BadInputs, name));
        var response = await client.PostAsync(new Uri("/v1/render", UriKind.Relative), Body(bytes, "application/pdf"));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_page_past_the_end_is_422()
    {
        using var factory = new ServiceFactory();
        var client = factory.CreateClient();
        var pdf = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"));
        var response = await client.PostAsync(new Uri("/v1/render?page=9", UriKind.Relative), Body(pdf, "application/pdf"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("the document has 3", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static ByteArrayContent Body(byte[] bytes, string mediaType) =>
        new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } };

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
