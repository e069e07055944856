using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Folio.Contracts;
using Folio.Testing;

namespace Folio.Inference.Tests;

public sealed class OcrEndpointTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static ByteArrayContent Body(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] bytes, string mediaType, string query = "")
        => await client.PostAsync(new Uri("/v1/ocr" + query, UriKind.Relative), Body(bytes, mediaType));

    [ModelsFact]
    public async Task Healthz_answers_at_once()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [ModelsFact]
    public async Task Info_reports_provider_models_and_hashes()
    {
        var client = await factory.ReadyClientAsync();
        var info = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/info", UriKind.Relative));
        Assert.Equal("ppocr", info.GetProperty("engine").GetString());
        Assert.Equal("CPU", info.GetProperty("executionProvider").GetString());
        Assert.Equal(
            "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0",
            info.GetProperty("models").GetProperty("ch_PP-OCRv4_rec_infer.onnx").GetString());
    }

    [ModelsFact]
    public async Task A_scanned_image_is_read()
    {
        var client = await factory.ReadyClientAsync();
        var response = await PostAsync(client, File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "scanned-page.jpg")), "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<PageResult>(Json);
        Assert.NotNull(page);
        Assert.Equal(1, page.PageNumber);
        Assert.Equal(PageStatus.Succeeded, page.Status);
        var text = string.Join(' ', page.Blocks.Select(b => b.Text));
        Assert.Contains("Logical vectors", text, StringComparison.Ordinal);
        Assert.Contains("more general facility for generating sequences", text, StringComparison.Ordinal);
        Assert.All(page.Blocks.SelectMany(b => b.Lines), l => Assert.Equal(4, l.Polygon.Count));
        Assert.Equal("CPU", page.Provenance?.Device);
    }

    [ModelsFact]
    public async Task A_pdf_page_is_rendered_at_the_asked_dpi_and_read()
    {
        var client = await factory.ReadyClientAsync();
        var response = await PostAsync(client, File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf")), "application/pdf", "?page=3&dpi=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<PageResult>(Json);
        Assert.NotNull(page);
        Assert.Equal(3, page.PageNumber);
        Assert.Equal(100, page.Dpi);
        // US letter at 100 dpi.
        Assert.InRange(page.Width, 849, 851);
        Assert.True(page.Provenance!.TimingsMs.ContainsKey("render"));
        Assert.NotEmpty(page.Blocks);
    }

    [ModelsFact]
    public async Task A_page_sent_alone_keeps_its_number()
    {
        var client = await factory.ReadyClientAsync();
        var third = Folio.Documents.PdfPages.ExtractPage(File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf")), 2);

        var response = await PostAsync(client, third, "application/pdf", "?page=3&firstPage=3&dpi=72");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<PageResult>(Json))!.PageNumber);

        var before = await PostAsync(client, third, "application/pdf", "?page=2&firstPage=3&dpi=72");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, before.StatusCode);
        Assert.Equal("page_out_of_range", JsonDocument.Parse(await before.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [ModelsFact]
    public async Task A_page_beyond_the_end_is_422()
    {
        var client = await factory.ReadyClientAsync();
        var response = await PostAsync(client, File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf")), "application/pdf", "?page=9");
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "3");
    }

    [ModelsTheory]
    [InlineData("html-named.pdf", "application/pdf", HttpStatusCode.UnsupportedMediaType, "")]
    [InlineData("truncated.png", "image/png", HttpStatusCode.UnprocessableEntity, "decode")]
    [InlineData("truncated.pdf", "application/pdf", HttpStatusCode.UnprocessableEntity, "")]
    [InlineData("zero-bytes.pdf", "application/pdf", HttpStatusCode.UnprocessableEntity, "empty")]
    [InlineData("huge-dimensions.png", "image/png", HttpStatusCode.RequestEntityTooLarge, "30000")]
    [InlineData("encrypted.pdf", "application/pdf", HttpStatusCode.UnprocessableEntity, "ncrypt")]
    [InlineData("zero-pages.pdf", "application/pdf", HttpStatusCode.UnprocessableEntity, "")]
    public async Task Bad_input_gets_a_clear_problem_never_a_500(string file, string mediaType, HttpStatusCode expected, string detailContains)
    {
        var client = await factory.ReadyClientAsync();
        var response = await PostAsync(client, File.ReadAllBytes(Path.Combine(RepoPaths.BadInputs, file)), mediaType);
        await AssertProblemAsync(response, expected, detailContains);
        // The service keeps answering.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }

    [ModelsFact]
    public async Task An_unsupported_content_type_is_415_with_a_reason()
    {
        var client = await factory.ReadyClientAsync();
        var response = await PostAsync(client, "<html/>"u8.ToArray(), "text/html");
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "text/html");
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string detailContains)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.Contains(detailContains, detail, StringComparison.OrdinalIgnoreCase);
    }
}
