using Folio.Contracts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Folio.Pipeline;

/// <summary>
/// Step 3: reads the page results in page order and writes one Markdown (with <c>&lt;!-- page N --&gt;</c>
/// markers, failed pages marked) and one JSON document (<c>source, status, pageCount, pages, failedPages,
/// provenance</c>) under the job's output prefix. Streams through temporary files: memory stays flat.
/// </summary>
[DurableTask(TaskNames.AssembleDocument)]
public sealed class AssembleDocumentActivity : TaskActivity<AssembleRequest, DocumentOutputs>
{
    private readonly IWorkStore _store;
    private readonly ILogger<AssembleDocumentActivity> _logger;

    /// <summary>Creates the activity (from DI).</summary>
    public AssembleDocumentActivity(IWorkStore store, ILogger<AssembleDocumentActivity> logger)
    {
        _store = store;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task<DocumentOutputs> RunAsync(TaskActivityContext context, AssembleRequest input)
    {
        var job = input.Job;
        var stored = await _store.GetJsonAsync<StoredManifest>(input.ManifestKey).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The manifest '{input.ManifestKey}' is not in the store.");
        var failures = input.FailedPages.ToDictionary(f => f.Page, f => f.Reason);
        var allFailures = new List<PageFailure>(input.FailedPages);
        var pages = stored.Manifest.PageNumbers;

        var temp = Path.Combine(Path.GetTempPath(), "folio-assemble-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var writers = new DocumentWriters(Path.Combine(temp, "doc.md"), Path.Combine(temp, "doc.json"));
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
                    allFailures.Add(new PageFailure(page, failures[page]));
                }

                allFailures.Sort((a, b) => a.Page.CompareTo(b.Page));
                var status = DocumentStatuses.From(pages.Count, allFailures.Count);
                writers.Begin(job, stored.Manifest, status, pages.Count);
                foreach (var page in pages)
                {
                    var result = failures.TryGetValue(page, out var reason)
                        ? new PageResult { Index = page, Width = 0, Height = 0, Status = PageStatus.Failed, Error = reason }
                        : await _store.GetJsonAsync<PageResult>(WorkKeys.Result(job.JobId, page)).ConfigureAwait(false)
                            ?? throw new InvalidOperationException($"The result of page {page} disappeared while assembling.");
                    await writers.WritePageAsync(result).ConfigureAwait(false);
                }

                writers.End(allFailures);
            }

            var name = job.OutputName();
            var outputs = new DocumentOutputs($"{job.OutputPrefix}{name}.md", $"{job.OutputPrefix}{name}.json");
            await PutFileAsync(outputs.MarkdownKey, writers.MarkdownPath, "text/markdown; charset=utf-8").ConfigureAwait(false);
            await PutFileAsync(outputs.JsonKey, writers.JsonPath, "application/json").ConfigureAwait(false);
            PipelineLog.Assembled(_logger, job.JobId, pages.Count, allFailures.Count, outputs.MarkdownKey, outputs.JsonKey);
            return outputs;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
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
