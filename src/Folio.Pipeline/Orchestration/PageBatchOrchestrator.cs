using Microsoft.DurableTask;

namespace Folio.Pipeline;

/// <summary>
/// Recognises one slice of a large document (see <see cref="DocumentJob.PagesPerBatch"/>), so each
/// orchestration's history stays at a few hundred activities. Failed pages are returned, not thrown.
/// </summary>
[DurableTask(TaskNames.PageBatchOrchestrator)]
public sealed class PageBatchOrchestrator : TaskOrchestrator<PageBatch, PageBatchResult>
{
    /// <inheritdoc />
    public override async Task<PageBatchResult> RunAsync(TaskOrchestrationContext context, PageBatch input)
    {
        var log = context.CreateReplaySafeLogger<PageBatchOrchestrator>();
        var tally = new PageTally(input.Pages.Count);
        await PageFanOut.RunAsync(context, input.Job, input.PageMediaType, input.Pages, input.TextLayerPages, input.SourceSha256, tally, log).ConfigureAwait(true);
        return new PageBatchResult(tally.Succeeded, tally.Failures);
    }
}
