using System.Diagnostics;
using Folio.Contracts;
using Folio.Documents;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Folio.Pipeline;

/// <summary>
/// Step 3: reads the page results in page order and writes one Markdown (with <c>&lt;!-- page N --&gt;</c>
/// markers, failed pages marked) and one JSON document (<c>schemaVersion, source, status, pageCount, pages, failedPages,
/// provenance</c>) under the job's output prefix. Document-level layout (<see cref="DocumentLayout"/>): running
/// headers, footers and page numbers, found by repetition in the margins, are marked in the JSON and left out of
/// the Markdown; a paragraph running on over a page break is joined in the Markdown and flagged on both blocks.
/// The other formats the job asks for (<see cref="OutputFormats"/>) are written beside them: text and HTML in the same
/// pass, the searchable PDF in a second one over the staged source (<see cref="SearchablePdfWriter"/>).
/// Streams through temporary files, two pages at a time: memory stays flat (the PDF holds the document it writes).
/// </summary>
[DurableTask(TaskNames.AssembleDocument)]
public sealed class AssembleDocumentActivity : TaskActivity<AssembleRequest, DocumentOutputs>
{
    private readonly IWorkStore _store;
    private readonly ILogger<AssembleDocumentActivity> _logger;
    private readonly ILocationStorage? _locations;
    private readonly DocumentLimits _limits;

    /// <summary>Creates the activity (from DI).</summary>
    /// <param name="store">The work store.</param>
    /// <param name="logger">The log.</param>
    /// <param name="locations">Writes copies to <see cref="DocumentJob.Destination"/>; jobs with a destination fail without it.</param>
    /// <param name="limits">Bounds for decoding images into the searchable PDF (default <see cref="DocumentLimits.Default"/>).</param>
    public AssembleDocumentActivity(IWorkStore store, ILogger<AssembleDocumentActivity> logger, ILocationStorage? locations = null, IOptions<DocumentLimits>? limits = null)
    {
        _store = store;
        _logger = logger;
        _locations = locations;
        _limits = limits?.Value ?? DocumentLimits.Default;
    }

    /// <inheritdoc />
    /// <remarks>One <c>folio.assemble</c> span per attempt, in the job's trace; the job id is in the logging scope.</remarks>
    public override async Task<DocumentOutputs> RunAsync(TaskActivityContext context, AssembleRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = PipelineTelemetry.Start("folio.assemble", input.Job.TraceParent);
        span?.SetTag("folio.job.id", input.Job.JobId);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = input.Job.JobId });
        try
        {
            return await RunCoreAsync(input).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private async Task<DocumentOutputs> RunCoreAsync(AssembleRequest input)
    {
        var job = input.Job;
        var stored = await _store.GetJsonAsync<StoredManifest>(input.ManifestKey).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The manifest '{input.ManifestKey}' is not in the store.");
        var failures = input.FailedPages.ToDictionary(f => f.PageNumber, f => f.Reason);
        var allFailures = new List<PageFailure>(input.FailedPages);
        var pages = stored.Manifest.PageNumbers;

        var temp = Path.Combine(Path.GetTempPath(), "folio-assemble-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var extra = OutputFormats.Extra(job.Formats);
            var others = new List<IPageOutput>();
            if (extra.Contains(OutputFormats.Text))
            {
                others.Add(new TextDocumentWriter(Path.Combine(temp, "doc.txt")));
            }

            if (extra.Contains(OutputFormats.Html))
            {
                others.Add(new HtmlDocumentWriter(Path.Combine(temp, "doc.html")));
            }

            var writers = new DocumentWriters(Path.Combine(temp, "doc.md"), Path.Combine(temp, "doc.json"), others);
            await using (writers.ConfigureAwait(false))
            {
                // The status is known up front except for results that went missing; those are rare, count them first.
                var missing = new List<int>();
                foreach (var page in pages.Where(p => !failures.ContainsKey(p)))
                {
                    if (!await _store.ExistsAsync(WorkKeys.Result(job.JobId, page)).ConfigureAwait(false))
                    {
                        missing.Add(page);
                    }
                }

                foreach (var page in missing)
                {
                    failures[page] = "The page result is missing from the store.";
                    allFailures.Add(new PageFailure(page, failures[page], FailureReasons.ResultMissing));
                }

                allFailures.Sort((a, b) => a.PageNumber.CompareTo(b.PageNumber));
                var status = DocumentStatuses.From(pages.Count, allFailures.Count);
                await writers.BeginAsync(job, stored.Manifest, status, pages.Count).ConfigureAwait(false);

                // First pass: only the blocks in the margins, to find running headers, footers and page numbers.
                var candidates = new List<MarginCandidate>();
                foreach (var page in pages.Where(p => !failures.ContainsKey(p)))
                {
                    candidates.AddRange(DocumentLayout.Candidates(await LoadAsync(job, page, failures).ConfigureAwait(false)));
                }

                var repeated = DocumentLayout.Repeated(candidates, pages.Count);

                // Second pass: one page held back, so that a paragraph running on over the page break can be joined.
                PageResult? held = null;
                foreach (var page in pages)
                {
                    var result = DocumentLayout.MarkRepeated(await LoadAsync(job, page, failures).ConfigureAwait(false), repeated);
                    if (held is not null)
                    {
                        (held, result, var continuation) = Link(held, result);
                        await writers.WritePageAsync(held, continuation).ConfigureAwait(false);
                    }

                    held = result;
                }

                if (held is not null)
                {
                    await writers.WritePageAsync(held, null).ConfigureAwait(false);
                }

                await writers.EndAsync(allFailures).ConfigureAwait(false);
            }

            var files = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [OutputFormats.Markdown] = writers.MarkdownPath,
                [OutputFormats.Json] = writers.JsonPath,
            };
            foreach (var other in others)
            {
                files[other.Format] = other.Path;
            }

            if (extra.Contains(OutputFormats.Pdf))
            {
                files[OutputFormats.Pdf] = await WritePdfAsync(job, stored.Manifest, failures, Path.Combine(temp, "doc.pdf")).ConfigureAwait(false);
            }

            var name = job.OutputName();
            var outputs = new DocumentOutputs($"{job.OutputPrefix}{name}.md", $"{job.OutputPrefix}{name}.json")
            {
                Others = extra.Count > 0 ? extra.ToDictionary(f => f, f => $"{job.OutputPrefix}{name}.{f}", StringComparer.Ordinal) : null,
            };
            foreach (var (format, key) in outputs.All())
            {
                await PutFileAsync(key, files[format], OutputFormats.ContentType(format)).ConfigureAwait(false);
            }

            if (job.Destination is not null)
            {
                outputs = outputs with { Copies = await CopyToDestinationAsync(job, name, files).ConfigureAwait(false) };
            }

            PipelineLog.Assembled(_logger, job.JobId, pages.Count, allFailures.Count, outputs.MarkdownKey, outputs.JsonKey);
            return outputs;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private async Task<PageResult> LoadAsync(DocumentJob job, int page, Dictionary<int, string> failures) =>
        failures.TryGetValue(page, out var reason)
            ? new PageResult { PageNumber = page, Width = 0, Height = 0, Status = PageStatus.Failed, Error = reason }
            : await _store.GetJsonAsync<PageResult>(WorkKeys.Result(job.JobId, page)).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The result of page {page} disappeared while assembling.");

    /// <summary>Marks a paragraph that runs on from one page into the next; returns the text the first one continues with.</summary>
    private static (PageResult Held, PageResult Next, string? Continuation) Link(PageResult held, PageResult next)
    {
        if (held.Status != PageStatus.Succeeded || next.Status != PageStatus.Succeeded)
        {
            return (held, next, null);
        }

        int last = DocumentLayout.LastBodyBlock(held), first = DocumentLayout.FirstBodyBlock(next);
        if (last < 0 || first < 0 || !DocumentLayout.RunsOn(held.Blocks[last], next.Blocks[first]))
        {
            return (held, next, null);
        }

        var heldBlocks = held.Blocks.ToList();
        var nextBlocks = next.Blocks.ToList();
        heldBlocks[last] = heldBlocks[last] with { ContinuesOnNextPage = true };
        nextBlocks[first] = nextBlocks[first] with { ContinuedFromPreviousPage = true };
        return (held with { Blocks = heldBlocks }, next with { Blocks = nextBlocks }, nextBlocks[first].Text);
    }

    /// <summary>
    /// The searchable PDF of the job's pages, from the staged source (a PDF) or the stored page images; returns its path.
    /// Failed pages come without a text layer.
    /// </summary>
    private async Task<string> WritePdfAsync(DocumentJob job, DocumentManifest manifest, Dictionary<int, string> failures, string path)
    {
        var source = manifest.DocumentType == nameof(DocumentType.Pdf)
            ? await _store.GetBytesAsync(WorkKeys.Source(job.JobId)).ConfigureAwait(false)
            : null;
        await SearchablePdfWriter.WriteAsync(
            path,
            job.SourceName ?? job.OutputName(),
            source,
            manifest.PageNumbers,
            page => _store.GetBytesAsync(WorkKeys.Page(job.JobId, page)),
            page => LoadAsync(job, page, failures),
            _limits).ConfigureAwait(false);
        return path;
    }

    /// <summary>
    /// Writes the formats the job asked for under its destination prefix, as <c>NAME.FORMAT</c>, each copy marked with
    /// the job's id. Where another job's copy (or any other object) already has one of those names, every copy of this
    /// job is named <c>NAME.ID.FORMAT</c> instead (ID: 12 characters of the job id), so nothing there is replaced.
    /// Throws (and the retry policy acts) when a write fails.
    /// </summary>
    private async Task<IReadOnlyList<string>> CopyToDestinationAsync(DocumentJob job, string name, Dictionary<string, string> files)
    {
        var locations = _locations ?? throw new InvalidOperationException($"The job asks for copies in {job.Destination}, but no location storage is configured here.");
        var prefix = DocumentLocation.Parse(job.Destination!).AsPrefix();
        var formats = OutputFormats.Selected(job.Formats);
        var taken = false;
        foreach (var format in formats)
        {
            if (await locations.FindAsync(prefix.Child($"{name}.{format}")).ConfigureAwait(false) is { } existing && existing.Writer != job.JobId)
            {
                taken = true;
                break;
            }
        }

        var stem = taken ? $"{name}.{JobIds.Abbreviated(job.JobId)}" : name;
        var copies = new List<string>();
        foreach (var format in formats)
        {
            var target = prefix.Child($"{stem}.{format}");
            var file = File.OpenRead(files[format]);
            await using (file.ConfigureAwait(false))
            {
                await locations.WriteAsync(target, file, OutputFormats.ContentType(format), job.JobId).ConfigureAwait(false);
            }

            copies.Add(target.ToString());
        }

        return copies;
    }

    private async Task PutFileAsync(string key, string path, string contentType)
    {
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            await _store.PutAsync(key, file, contentType).ConfigureAwait(false);
        }
    }
}
