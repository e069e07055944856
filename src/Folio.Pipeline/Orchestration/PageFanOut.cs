using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Folio.Pipeline;

/// <summary>Counts of finished pages during an orchestration.</summary>
internal sealed class PageTally(int total)
{
    public int Total { get; } = total;

    public int Succeeded { get; private set; }

    public List<PageFailure> Failures { get; } = [];

    public int Done => Succeeded + Failures.Count;

    public void Record(int page, FailureReason? failure)
    {
        if (failure is null)
        {
            Succeeded++;
        }
        else
        {
            Failures.Add(new PageFailure(page, failure.Text, failure.Code));
        }
    }

    public void Add(PageBatchResult batch)
    {
        Succeeded += batch.Succeeded;
        Failures.AddRange(batch.FailedPages);
    }

    public JobProgress Progress(string stage) => new(stage, Done, Failures.Count, Total);
}

/// <summary>Bounded fan-out of <see cref="RecognizePageActivity"/> inside an orchestration (deterministic: only durable tasks are awaited).</summary>
internal static class PageFanOut
{
    public static async Task RunAsync(TaskOrchestrationContext context, DocumentJob job, string mediaType, IReadOnlyList<int> pages, PageRanges? textLayerPages, string? sourceSha256, PageTally tally, ILogger log)
    {
        var max = Math.Max(1, job.MaxPagesInFlight);
        var inFlight = new List<Task<(int PageNumber, FailureReason? Failure, string? Detail)>>(Math.Min(max, pages.Count));
        foreach (var page in pages)
        {
            if (inFlight.Count >= max)
            {
                await CompleteOneAsync().ConfigureAwait(true);
            }

            inFlight.Add(RecognizeAsync(context, new RecognizePageRequest(job.JobId, page, mediaType, job.Dpi, job.ReuseResults, textLayerPages?.Contains(page) == true, job.Engine, sourceSha256, job.TraceParent), RetryPolicies.ForPage(job.Retry)));
        }

        while (inFlight.Count > 0)
        {
            await CompleteOneAsync().ConfigureAwait(true);
        }

        async Task CompleteOneAsync()
        {
            var finished = await Task.WhenAny(inFlight).ConfigureAwait(true);
            inFlight.Remove(finished);
            var (page, failure, detail) = await finished.ConfigureAwait(true);
            tally.Record(page, failure);
            if (failure is not null)
            {
                PipelineLog.PageFailed(log, job.JobId, page, failure.Code, detail!);
            }

            context.SetCustomStatus(tally.Progress("recognizing"));
        }
    }

    private static async Task<(int PageNumber, FailureReason? Failure, string? Detail)> RecognizeAsync(TaskOrchestrationContext context, RecognizePageRequest request, TaskOptions? options)
    {
        try
        {
            await context.CallActivityAsync<PageSummary>(TaskNames.RecognizePage, request, options).ConfigureAwait(true);
            return (request.PageNumber, null, null);
        }
        catch (TaskFailedException ex)
        {
            return (request.PageNumber, FailureReasons.Of(ex), FailureReasons.Detail(ex));
        }
    }
}
