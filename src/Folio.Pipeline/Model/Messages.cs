using System.Text.Json.Serialization;

namespace Folio.Pipeline;

/// <summary>
/// What <see cref="PrepareDocumentActivity"/> returns: the pages stored for recognition. Page keys follow
/// <see cref="WorkKeys.Page"/>; per-page sizes are in the full manifest at <see cref="ManifestKey"/>,
/// so a 2,000-page document adds about 10 KB to history rather than 150 KB.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="DocumentType">Format sniffed from the bytes: <c>Pdf</c>, <c>Tiff</c>, <c>Png</c>, …</param>
/// <param name="PageMediaType">Media type of every stored page: <c>application/pdf</c> or an image type.</param>
/// <param name="SourcePageCount">Pages in the whole document.</param>
/// <param name="PageNumbers">The selected 1-based page numbers, ascending.</param>
/// <param name="TotalBytes">Bytes of all stored pages together.</param>
/// <param name="ManifestKey">Store key of the full <see cref="StoredManifest"/>.</param>
/// <param name="TextLayerPages">
/// Pages read from their PDF text layer instead of OCR, as ranges (<c>1-12,14</c>); null or empty when none.
/// Ranges keep history small: a 2,000-page born-digital document adds a few characters.
/// </param>
public sealed record DocumentManifest(
    string JobId,
    string DocumentType,
    string PageMediaType,
    int SourcePageCount,
    IReadOnlyList<int> PageNumbers,
    long TotalBytes,
    string ManifestKey,
    PageRanges? TextLayerPages = null)
{
    /// <summary>SHA-256 of the whole document (hex): with a page number, what identifies a page's content for the page cache.</summary>
    public string? SourceSha256 { get; init; }
}

/// <summary>The manifest as stored beside the pages, with every page's key and size.</summary>
/// <param name="Manifest">The summary returned to the orchestrator.</param>
/// <param name="Pages">Each stored page.</param>
public sealed record StoredManifest(DocumentManifest Manifest, IReadOnlyList<PageRef> Pages);

/// <summary>A stored page.</summary>
/// <param name="PageNumber">1-based page number in the document.</param>
/// <param name="Key">Store key of the page's bytes.</param>
/// <param name="Bytes">Size of the stored page.</param>
/// <param name="TextLayer">Whether the page is read from its text layer (no OCR).</param>
/// <param name="TextLayerReason">Why the text layer was used or not; null for pages that are not PDF.</param>
public sealed record PageRef([property: JsonPropertyName("number")] int PageNumber, string Key, long Bytes, bool TextLayer = false, string? TextLayerReason = null);

/// <summary>Input of <see cref="RecognizePageActivity"/>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="PageNumber">1-based page number.</param>
/// <param name="MediaType">Media type of the stored page.</param>
/// <param name="Dpi">Render resolution for PDF pages.</param>
/// <param name="Reuse">Whether an existing stored result is returned instead of recognising again.</param>
/// <param name="TextLayer">Whether the page is read from its PDF text layer instead of being recognised.</param>
/// <param name="Engine">Engine asked of the recogniser; null for its default.</param>
/// <param name="SourceSha256">SHA-256 of the whole document; null to key the page cache by the page's bytes.</param>
/// <param name="TraceParent">The job's trace context (<see cref="DocumentJob.TraceParent"/>).</param>
public sealed record RecognizePageRequest(string JobId, [property: JsonPropertyName("page")] int PageNumber, string MediaType, int Dpi, bool Reuse, bool TextLayer = false, string? Engine = null, string? SourceSha256 = null, string? TraceParent = null);

/// <summary>What <see cref="RecognizePageActivity"/> returns: counts and where the full result is.</summary>
/// <param name="PageNumber">1-based page number.</param>
/// <param name="Blocks">Blocks found.</param>
/// <param name="Lines">Text lines found.</param>
/// <param name="ResultKey">Store key of the page's <c>PageResult</c> JSON.</param>
/// <param name="Reused">Whether the result came from an earlier run.</param>
public sealed record PageSummary([property: JsonPropertyName("page")] int PageNumber, int Blocks, int Lines, string ResultKey, bool Reused);

/// <summary>A page that could not be read, and why.</summary>
/// <param name="PageNumber">1-based page number.</param>
/// <param name="Reason">Why, for the caller (<see cref="FailureReasons"/>): the error as the last attempt reported it, or a fixed text for an internal error.</param>
/// <param name="Code">The stable code of the reason (<see cref="FailureReasons"/>), for programs.</param>
public sealed record PageFailure(
    [property: JsonPropertyName("page")] int PageNumber,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("code")] string? Code = null);

/// <summary>Input of <see cref="AssembleDocumentActivity"/>.</summary>
/// <param name="Job">The job.</param>
/// <param name="ManifestKey">Store key of the stored manifest (which pages, in which order).</param>
/// <param name="FailedPages">Pages that failed, with reasons.</param>
public sealed record AssembleRequest(DocumentJob Job, string ManifestKey, IReadOnlyList<PageFailure> FailedPages);

/// <summary>Where <see cref="AssembleDocumentActivity"/> wrote the document.</summary>
/// <param name="MarkdownKey">Store key of the Markdown.</param>
/// <param name="JsonKey">Store key of the JSON document.</param>
/// <param name="Copies">Where copies were written (<see cref="DocumentJob.Destination"/>), as locations; null when none.</param>
public sealed record DocumentOutputs(
    [property: JsonPropertyName("markdown")] string MarkdownKey,
    [property: JsonPropertyName("json")] string JsonKey,
    [property: JsonPropertyName("copies")] IReadOnlyList<string>? Copies = null)
{
    /// <summary>Store keys of the other formats the job asked for (<c>txt</c>, <c>html</c>, <c>pdf</c>), by format; null when none.</summary>
    [JsonPropertyName("others")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Others { get; init; }

    /// <summary>Every output written, by format, in the order of <see cref="OutputFormats.All"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> All() =>
        OutputFormats.All.Select(f => KeyValuePair.Create(f, KeyOf(f) ?? string.Empty)).Where(p => p.Value.Length > 0);

    /// <summary>The key of the output in <paramref name="format"/>; null when it was not written.</summary>
    public string? KeyOf(string format) => format switch
    {
        OutputFormats.Markdown => MarkdownKey,
        OutputFormats.Json => JsonKey,
        _ => Others?.GetValueOrDefault(format),
    };
}

/// <summary>Input of <see cref="PageBatchOrchestrator"/>: a slice of a large document.</summary>
/// <param name="Job">The job.</param>
/// <param name="PageMediaType">Media type of the stored pages.</param>
/// <param name="Pages">1-based page numbers of this batch.</param>
/// <param name="TextLayerPages">Pages of this batch read from their text layer, as ranges; null when none.</param>
/// <param name="SourceSha256">SHA-256 of the whole document (<see cref="DocumentManifest.SourceSha256"/>).</param>
public sealed record PageBatch(DocumentJob Job, string PageMediaType, IReadOnlyList<int> Pages, PageRanges? TextLayerPages = null, string? SourceSha256 = null);

/// <summary>What <see cref="PageBatchOrchestrator"/> returns.</summary>
/// <param name="Succeeded">Pages read.</param>
/// <param name="FailedPages">Pages not read, with reasons.</param>
public sealed record PageBatchResult(int Succeeded, IReadOnlyList<PageFailure> FailedPages);
