using System.Globalization;
using System.Text;
using System.Text.Json;
using Folio.Contracts;

namespace Folio.Pipeline;

/// <summary>
/// Writes the assembled document page by page, so memory stays flat in the page count: the Markdown and the JSON,
/// and the other page-by-page outputs the job asked for (<see cref="TextDocumentWriter"/>, <see cref="HtmlDocumentWriter"/>).
/// </summary>
internal sealed class DocumentWriters : IAsyncDisposable
{
    /// <summary>Version of schemas/folio-document.schema.json that the JSON follows (its <c>schemaVersion</c>).</summary>
    public const string SchemaVersion = "1.0";

    private readonly StreamWriter _markdown;
    private readonly Utf8JsonWriter _json;
    private readonly FileStream _jsonFile;
    private readonly Dictionary<string, double> _timings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sources = new(StringComparer.Ordinal);
    private Provenance? _firstProvenance;

    public DocumentWriters(string markdownPath, string jsonPath, IReadOnlyList<IPageOutput>? others = null)
    {
        MarkdownPath = markdownPath;
        JsonPath = jsonPath;
        Others = others ?? [];
        _markdown = new StreamWriter(markdownPath, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        _jsonFile = new FileStream(jsonPath, FileMode.Create, FileAccess.Write);
        _json = new Utf8JsonWriter(_jsonFile, new JsonWriterOptions { Indented = true });
    }

    public string MarkdownPath { get; }

    public string JsonPath { get; }

    /// <summary>The outputs written beside the Markdown and the JSON.</summary>
    public IReadOnlyList<IPageOutput> Others { get; }

    public async Task BeginAsync(DocumentJob job, DocumentManifest manifest, DocumentStatus status, int pageCount)
    {
        var name = job.SourceName ?? job.SourceKey[(job.SourceKey.LastIndexOf('/') + 1)..];
        foreach (var other in Others)
        {
            await other.BeginAsync(name).ConfigureAwait(false);
        }

        _json.WriteStartObject();
        _json.WriteString("schemaVersion", SchemaVersion);
        _json.WritePropertyName("source");
        _json.WriteStartObject();
        _json.WriteString("name", name);
        _json.WriteString("jobId", job.JobId);
        _json.WriteString("type", manifest.DocumentType);
        _json.WriteNumber("sourcePageCount", manifest.SourcePageCount);
        _json.WriteString("pages", (job.Pages ?? PageRanges.All).Text);
        _json.WriteNumber("dpi", job.Dpi);
        _json.WriteEndObject();
        _json.WriteString("status", EnumText.Of(status));
        _json.WriteNumber("pageCount", pageCount);
        _json.WriteStartArray("pages");
    }

    /// <summary>Writes one page; <paramref name="continuation"/> is the text its last paragraph goes on with on the next page.</summary>
    public async Task WritePageAsync(PageResult page, string? continuation)
    {
        JsonSerializer.Serialize(_json, page, WorkStoreExtensions.JsonOptions);
        foreach (var other in Others)
        {
            await other.WritePageAsync(page, continuation).ConfigureAwait(false);
        }

        await _markdown.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"<!-- page {page.PageNumber} -->")).ConfigureAwait(false);
        await _markdown.WriteLineAsync().ConfigureAwait(false);
        if (page.Status == PageStatus.Failed)
        {
            await _markdown.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"> **Page {page.PageNumber} could not be read:** {OneLine(page.Error)}")).ConfigureAwait(false);
            await _markdown.WriteLineAsync().ConfigureAwait(false);
            return;
        }

        foreach (var (block, text) in DocumentLayout.BodyBlocks(page, continuation))
        {
            await _markdown.WriteLineAsync(MarkdownBlocks.Render(block, text, page)).ConfigureAwait(false);
            await _markdown.WriteLineAsync().ConfigureAwait(false);
        }

        if (page.Provenance is { } provenance)
        {
            _firstProvenance ??= provenance;
            var source = provenance.Source ?? "ocr";
            _sources[source] = _sources.GetValueOrDefault(source) + 1;
            foreach (var (stage, ms) in provenance.TimingsMs)
            {
                _timings[stage] = Math.Round(_timings.GetValueOrDefault(stage) + ms, 2);
            }
        }
    }

    public async Task EndAsync(IReadOnlyList<PageFailure> failures)
    {
        foreach (var other in Others)
        {
            await other.EndAsync().ConfigureAwait(false);
        }

        _json.WriteEndArray();
        _json.WritePropertyName("failedPages");
        JsonSerializer.Serialize(_json, failures, WorkStoreExtensions.JsonOptions);
        _json.WritePropertyName("provenance");
        _json.WriteStartObject();
        _json.WriteString("pipeline", "folio");
        _json.WriteString("engine", _firstProvenance?.Engine);
        _json.WriteString("device", _firstProvenance?.Device);
        _json.WritePropertyName("models");
        JsonSerializer.Serialize(_json, _firstProvenance?.Models ?? new Dictionary<string, string>(), WorkStoreExtensions.JsonOptions);
        _json.WritePropertyName("pagesBySource");
        JsonSerializer.Serialize(_json, _sources, WorkStoreExtensions.JsonOptions);
        _json.WritePropertyName("totalTimingsMs");
        JsonSerializer.Serialize(_json, _timings, WorkStoreExtensions.JsonOptions);
        _json.WriteString("assembledAt", DateTimeOffset.UtcNow);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        await _jsonFile.DisposeAsync().ConfigureAwait(false);
        await _markdown.DisposeAsync().ConfigureAwait(false);
        foreach (var other in Others)
        {
            await other.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string OneLine(string? text) => (text ?? "unknown error").ReplaceLineEndings(" ");
}
