using System.Diagnostics;
using Folio.Documents;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Folio.Pipeline;

/// <summary>
/// Step 1: copies the source into the job's work area, sniffs its type from the bytes, counts pages and
/// stores one object per selected page (a single-page PDF, the image as is, a TIFF frame as PNG). Each PDF
/// page's text layer is judged (<see cref="TextLayerTriage"/>): pages that pass are read without OCR, the
/// verdict and its reason are kept in the stored manifest, the page numbers (as ranges) in the returned one.
/// Bad input throws a <see cref="DocumentException"/> whose message the orchestrator reports; it is not retried.
/// Idempotent: a manifest already stored for the job is returned as is.
/// </summary>
[DurableTask(TaskNames.PrepareDocument)]
public sealed class PrepareDocumentActivity : TaskActivity<DocumentJob, DocumentManifest>
{
    private readonly IWorkStore _store;
    private readonly DocumentLimits _limits;
    private readonly ILogger<PrepareDocumentActivity> _logger;

    /// <summary>Creates the activity (from DI).</summary>
    public PrepareDocumentActivity(IWorkStore store, IOptions<DocumentLimits> limits, ILogger<PrepareDocumentActivity> logger)
    {
        _store = store;
        _limits = limits.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <remarks>One <c>folio.prepare</c> span per attempt, in the job's trace; the job id is in the logging scope.</remarks>
    public override async Task<DocumentManifest> RunAsync(TaskActivityContext context, DocumentJob input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = PipelineTelemetry.Start("folio.prepare", input.TraceParent);
        span?.SetTag("folio.job.id", input.JobId);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = input.JobId });
        try
        {
            DocumentManifest manifest;
            try
            {
                manifest = await RunCoreAsync(input).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OutOfMemoryException or InsufficientMemoryException)
            {
                // The same document would run out again: a failure with its reason, not a fault to retry.
                throw new DocumentException(DocumentErrorKind.TooLarge, "The document is too complex: opening it needs more memory than this worker has.", ex);
            }

            span?.SetTag("folio.document.type", manifest.DocumentType);
            span?.SetTag("folio.document.pages", manifest.PageNumbers.Count);
            return manifest;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private async Task<DocumentManifest> RunCoreAsync(DocumentJob input)
    {
        var manifestKey = WorkKeys.Manifest(input.JobId);
        var existing = await _store.GetJsonAsync<StoredManifest>(manifestKey).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.Manifest;
        }

        var sourceKey = WorkKeys.Source(input.JobId);
        if (!string.Equals(input.SourceKey, sourceKey, StringComparison.Ordinal) && !await _store.ExistsAsync(sourceKey).ConfigureAwait(false))
        {
            if (!await _store.ExistsAsync(input.SourceKey).ConfigureAwait(false))
            {
                throw new DocumentException(DocumentErrorKind.Undecodable, $"The source '{input.SourceKey}' does not exist.");
            }

            await _store.CopyAsync(input.SourceKey, sourceKey, _limits.MaxBytes).ConfigureAwait(false);
        }

        var bytes = await _store.GetBytesAsync(sourceKey, _limits.MaxBytes).ConfigureAwait(false);

        // The job is named after the bytes it was submitted with: another document stored under the same name since
        // (an upload replaced before this step ran) must not be read under that name, nor cached under its hash.
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        if (input.SourceSha256 is { } expected && !string.Equals(expected, sha256, StringComparison.OrdinalIgnoreCase))
        {
            await _store.DeleteAsync(sourceKey).ConfigureAwait(false);
            throw new SourceChangedException($"The source '{input.SourceKey}' changed after it was submitted (SHA-256 {sha256[..12]}…, submitted {expected[..Math.Min(12, expected.Length)]}…): submit it again.");
        }

        var type = DocumentTypeSniffer.Detect(bytes);
        var pages = new List<PageRef>();
        string pageMediaType;
        int sourcePages;
        switch (type)
        {
            case DocumentType.Pdf:
                // One parse counts the pages and splits them.
                using (var splitter = new PdfSplitter(bytes))
                {
                    sourcePages = CheckCount(splitter.PageCount);
                    pageMediaType = DocumentTypeSniffer.MediaType(DocumentType.Pdf);
                    var selected = (input.Pages ?? PageRanges.All).Select(sourcePages);
                    var verdicts = TextLayerTriage.Judge(bytes, selected, input);
                    foreach (var page in selected)
                    {
                        var stored = await StoreAsync(input.JobId, page, splitter.ExtractPage(page - 1), pageMediaType).ConfigureAwait(false);
                        pages.Add(stored with { TextLayer = verdicts[page].UseTextLayer, TextLayerReason = verdicts[page].Reason });
                    }
                }

                break;

            case DocumentType.Tiff:
                using (var tiff = DocumentOpener.Open(bytes, _limits))
                {
                    sourcePages = CheckCount(tiff.PageCount);
                    pageMediaType = DocumentTypeSniffer.MediaType(DocumentType.Png);
                    foreach (var page in (input.Pages ?? PageRanges.All).Select(sourcePages))
                    {
                        var png = PngEncoder.Encode(tiff.RenderPage(page - 1, input.Dpi));
                        pages.Add(await StoreAsync(input.JobId, page, png, pageMediaType).ConfigureAwait(false));
                    }
                }

                break;

            default:
                // Opening decodes the image: a damaged or unknown file fails here, with the reason.
                using (DocumentOpener.Open(bytes, _limits))
                {
                    sourcePages = 1;
                    pageMediaType = DocumentTypeSniffer.MediaType(type);
                    (input.Pages ?? PageRanges.All).Select(1);
                    pages.Add(await StoreAsync(input.JobId, 1, bytes, pageMediaType).ConfigureAwait(false));
                }

                break;
        }

        var typeName = type.ToString();
        var manifest = new DocumentManifest(input.JobId, typeName, pageMediaType, sourcePages, pages.Select(p => p.PageNumber).ToArray(), pages.Sum(p => p.Bytes), manifestKey, PageRanges.Of(pages.Where(p => p.TextLayer).Select(p => p.PageNumber)))
        {
            SourceSha256 = sha256,
        };
        await _store.PutJsonAsync(manifestKey, new StoredManifest(manifest, pages)).ConfigureAwait(false);
        PipelineLog.Prepared(_logger, input.JobId, typeName, sourcePages, pages.Count);
        return manifest;
    }

    private int CheckCount(int count)
    {
        if (count <= 0)
        {
            throw new DocumentException(DocumentErrorKind.Undecodable, "The document has no pages.");
        }

        if (count > _limits.MaxPages)
        {
            throw new DocumentException(DocumentErrorKind.TooLarge, $"The document has {count:N0} pages; the limit is {_limits.MaxPages:N0}.");
        }

        return count;
    }

    private async Task<PageRef> StoreAsync(string jobId, int page, byte[] bytes, string mediaType)
    {
        var key = WorkKeys.Page(jobId, page);
        await _store.PutBytesAsync(key, bytes, mediaType).ConfigureAwait(false);
        return new PageRef(page, key, bytes.LongLength);
    }
}
