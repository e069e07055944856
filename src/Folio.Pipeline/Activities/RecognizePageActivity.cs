using System.Diagnostics;
using Folio.Contracts;
using Folio.Documents;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Folio.Pipeline;

/// <summary>
/// Step 2, once per page: loads the page's bytes, reads its text layer (born-digital pages, see
/// <see cref="RecognizePageRequest.TextLayer"/>) or calls the <see cref="IPageRecognizer"/>, stores the
/// <see cref="PageResult"/> JSON and returns counts. Failures throw; the orchestrator's retry policy acts on them.
/// </summary>
[DurableTask(TaskNames.RecognizePage)]
public sealed class RecognizePageActivity : TaskActivity<RecognizePageRequest, PageSummary>
{
    private readonly IWorkStore _store;
    private readonly IPageRecognizer _recognizer;
    private readonly ILogger<RecognizePageActivity> _logger;

    /// <summary>Creates the activity (from DI).</summary>
    public RecognizePageActivity(IWorkStore store, IPageRecognizer recognizer, ILogger<RecognizePageActivity> logger)
    {
        _store = store;
        _recognizer = recognizer;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <remarks>One <c>folio.recognize_page</c> span per attempt, in the job's trace; the job id and page index are in the logging scope.</remarks>
    public override async Task<PageSummary> RunAsync(TaskActivityContext context, RecognizePageRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = PipelineTelemetry.Start("folio.recognize_page", input.TraceParent);
        span?.SetTag("folio.job.id", input.JobId);
        span?.SetTag("folio.page.number", input.PageNumber);
        span?.SetTag("folio.engine", input.TextLayer ? "textLayer" : input.Engine ?? "default");
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = input.JobId, ["PageNumber"] = input.PageNumber });
        try
        {
            var summary = await RunCoreAsync(input).ConfigureAwait(false);
            span?.SetTag("folio.lines", summary.Lines);
            span?.SetTag("folio.page.reused", summary.Reused);
            PipelineTelemetry.PageFinished(summary.Reused ? "reused" : input.TextLayer ? "textLayer" : "ocr");
            return summary;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private async Task<PageSummary> RunCoreAsync(RecognizePageRequest input)
    {
        var resultKey = WorkKeys.Result(input.JobId, input.PageNumber);
        if (input.Reuse)
        {
            var previous = await _store.GetJsonAsync<PageResult>(resultKey).ConfigureAwait(false);
            if (previous is { Status: PageStatus.Succeeded })
            {
                return Summarize(previous, resultKey, reused: true);
            }
        }

        var pageKey = WorkKeys.Page(input.JobId, input.PageNumber);
        var stream = await _store.OpenReadAsync(pageKey).ConfigureAwait(false)
            ?? throw new PageRejectedException($"Page {input.PageNumber}: '{pageKey}' is not in the store.");
        byte[] bytes;
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        if (input.TextLayer)
        {
            return await StoreAsync(input, ReadTextLayer(bytes, input.PageNumber, input.Dpi), resultKey, cacheKey: null, reused: false).ConfigureAwait(false);
        }

        // Pages are cached by what decides their result, across jobs: the same page in another job, or in a
        // retried one, is not paid for twice.
        var description = await _recognizer.DescribeAsync(input.Engine).ConfigureAwait(false);
        var cacheHash = description is null ? null : PageCacheKey(bytes, input, description);
        var cacheKey = cacheHash is null ? null : WorkKeys.CachedPage(cacheHash);
        if (cacheKey is not null && input.Reuse && await _store.GetJsonAsync<PageResult>(cacheKey).ConfigureAwait(false) is { Status: PageStatus.Succeeded } cached)
        {
            // A result cached by the page's bytes alone may be another page's with the same content.
            await MarkCacheUseAsync(input.JobId, cacheHash!).ConfigureAwait(false);
            return await StoreAsync(input, cached with { PageNumber = input.PageNumber }, resultKey, cacheKey: null, reused: true).ConfigureAwait(false);
        }

        var result = await _recognizer.RecognizeAsync(new PageInput(bytes, input.MediaType, input.PageNumber, input.Dpi, input.Engine)).ConfigureAwait(false);
        if (cacheHash is not null && result.Status != PageStatus.Failed)
        {
            await MarkCacheUseAsync(input.JobId, cacheHash).ConfigureAwait(false);
        }

        return await StoreAsync(input, result, resultKey, cacheKey, reused: false).ConfigureAwait(false);
    }

    // Both ways: the job lists the cached pages it used, and each cached page the jobs that use it, so that deleting a
    // job deletes the cached pages no other job uses (JobHousekeeping.DeleteJobAsync). Marked before the page is cached.
    private async Task MarkCacheUseAsync(string jobId, string hash)
    {
        await _store.PutBytesAsync(WorkKeys.CacheUse(jobId, hash), ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
        await _store.PutBytesAsync(WorkKeys.CacheUser(hash, jobId), ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
    }

    /// <summary>
    /// Hex SHA-256 of the page's content and everything else that decides its result. The content is the
    /// document's hash and the page number when known: a page split out of a PDF gets new object ids and
    /// dates each time, so its bytes differ from run to run while its content does not.
    /// </summary>
    internal static string PageCacheKey(ReadOnlySpan<byte> page, RecognizePageRequest input, string recognizer)
    {
        var context = System.Text.Encoding.UTF8.GetBytes($"|{input.MediaType}|{input.Dpi}|{JobIds.RecognitionSettings}|{recognizer}");
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        if (input.SourceSha256 is { } document)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{document}#{input.PageNumber}")));
        }
        else
        {
            hash.AppendData(page);
        }

        hash.AppendData(context);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task<PageSummary> StoreAsync(RecognizePageRequest input, PageResult result, string resultKey, string? cacheKey, bool reused)
    {
        if (result.Status == PageStatus.Failed)
        {
            throw new PageRejectedException(result.Error ?? $"Page {input.PageNumber} could not be read.");
        }

        await _store.PutJsonAsync(resultKey, result).ConfigureAwait(false);
        if (cacheKey is not null)
        {
            await _store.PutJsonAsync(cacheKey, result).ConfigureAwait(false);
        }

        var summary = Summarize(result, resultKey, reused);
        PipelineLog.PageRecognized(_logger, input.JobId, input.PageNumber, summary.Blocks, summary.Lines);
        return summary;
    }

    /// <summary>A born-digital page: its text layer through the layout stage, no recogniser.</summary>
    private static PageResult ReadTextLayer(byte[] singlePagePdf, int page, int dpi)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var layer = TextLayerReader.ReadPage(singlePagePdf, 0);
            var read = new Dictionary<string, double> { ["read"] = Math.Round(clock.Elapsed.TotalMilliseconds, 2) };
            return BornDigitalPage.Build(layer, page, dpi, read);
        }
        catch (DocumentException ex)
        {
            throw new PageRejectedException($"Page {page}: {ex.Message}", ex);
        }
    }

    private static PageSummary Summarize(PageResult result, string key, bool reused) =>
        new(result.PageNumber, result.Blocks.Count, result.Blocks.Sum(b => b.Lines.Count), key, reused);
}
