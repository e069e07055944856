using System.Globalization;
using Microsoft.DurableTask;

namespace Folio.Pipeline;

/// <summary>
/// The document workflow: <see cref="PrepareDocumentActivity"/> → bounded fan-out of
/// <see cref="RecognizePageActivity"/> (in <see cref="PageBatchOrchestrator"/> sub-orchestrations above
/// <see cref="DocumentJob.PagesPerBatch"/> pages) → <see cref="AssembleDocumentActivity"/> → for jobs with a callback or
/// published events, <see cref="NotifyCompletionActivity"/> (<see cref="NotifyStep"/>), whatever the status. Progress is the
/// custom status (<see cref="JobProgress"/>). Pages that fail after retries are recorded, never thrown; a
/// document that cannot be prepared ends <see cref="DocumentStatus.Failed"/> at once with the reason.
/// Deterministic: only durable tasks are awaited, logging is replay-safe.
/// </summary>
[DurableTask(TaskNames.DocumentOrchestrator)]
public sealed class DocumentOrchestrator : TaskOrchestrator<DocumentJob, DocumentOutcome>
{
    /// <inheritdoc />
    public override async Task<DocumentOutcome> RunAsync(TaskOrchestrationContext context, DocumentJob input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var started = context.CurrentUtcDateTime;
        var outcome = await RunCoreAsync(context, input).ConfigureAwait(true);
        // The episode that first gets here runs this for real; replays reach it with IsReplaying true. The document's
        // time ends here, before its notification.
        if (!context.IsReplaying)
        {
            PipelineTelemetry.DocumentFinished(outcome.Status, outcome.PageCount, context.CurrentUtcDateTime - started);
        }

        if (NotifyStep.Wanted(input))
        {
            outcome = await NotifyStep.RunAsync(context, input, outcome, context.CreateReplaySafeLogger<DocumentOrchestrator>()).ConfigureAwait(true);
        }

        return outcome;
    }

    private static async Task<DocumentOutcome> RunCoreAsync(TaskOrchestrationContext context, DocumentJob input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var log = context.CreateReplaySafeLogger<DocumentOrchestrator>();
        PipelineLog.Started(log, input.JobId, context.InstanceId);
        context.SetCustomStatus(new JobProgress("preparing", 0, 0, 0));

        DocumentManifest manifest;
        try
        {
            manifest = await context.CallActivityAsync<DocumentManifest>(TaskNames.PrepareDocument, input, RetryPolicies.ForStorageSteps()).ConfigureAwait(true);
        }
        catch (TaskFailedException ex)
        {
            var reason = FailureReasons.Of(ex);
            PipelineLog.PrepareFailed(log, input.JobId, reason.Code, FailureReasons.Detail(ex));
            context.SetCustomStatus(new JobProgress("done", 0, 0, 0));
            return DocumentOutcome.Fail(input.JobId, reason.Text, reasonCode: reason.Code);
        }

        var pages = manifest.PageNumbers;
        var tally = new PageTally(pages.Count);
        context.SetCustomStatus(tally.Progress("recognizing"));
        var batchSize = Math.Max(1, input.PagesPerBatch);
        if (pages.Count <= batchSize)
        {
            await PageFanOut.RunAsync(context, input, manifest.PageMediaType, pages, manifest.TextLayerPages, manifest.SourceSha256, tally, log).ConfigureAwait(true);
        }
        else
        {
            var batches = pages.Chunk(batchSize).ToArray();
            for (var i = 0; i < batches.Length; i++)
            {
                var batch = new PageBatch(input, manifest.PageMediaType, batches[i], PageRanges.Of(batches[i].Where(p => manifest.TextLayerPages?.Contains(p) == true)), manifest.SourceSha256);
                var instanceId = string.Create(CultureInfo.InvariantCulture, $"{context.InstanceId}:batch:{i + 1}");
                try
                {
                    var result = await context.CallSubOrchestratorAsync<PageBatchResult>(
                        TaskNames.PageBatchOrchestrator, batch, new SubOrchestrationOptions { InstanceId = instanceId }).ConfigureAwait(true);
                    tally.Add(result);
                }
                catch (TaskFailedException ex)
                {
                    var reason = FailureReasons.Of(ex);
                    PipelineLog.BatchFailed(log, input.JobId, i + 1, reason.Code, FailureReasons.Detail(ex));
                    tally.Add(new PageBatchResult(0, batches[i].Select(p => new PageFailure(p, reason.Text, reason.Code)).ToArray()));
                }

                PipelineLog.BatchDone(log, input.JobId, i + 1, batches.Length, tally.Done, tally.Total, tally.Failures.Count);
                context.SetCustomStatus(tally.Progress("recognizing"));
            }
        }

        tally.Failures.Sort((a, b) => a.PageNumber.CompareTo(b.PageNumber));
        context.SetCustomStatus(tally.Progress("assembling"));
        DocumentOutputs outputs;
        try
        {
            outputs = await context.CallActivityAsync<DocumentOutputs>(
                TaskNames.AssembleDocument, new AssembleRequest(input, manifest.ManifestKey, tally.Failures), RetryPolicies.ForStorageSteps()).ConfigureAwait(true);
        }
        catch (TaskFailedException ex)
        {
            var reason = FailureReasons.Of(ex);
            PipelineLog.AssembleFailed(log, input.JobId, reason.Code, FailureReasons.Detail(ex));
            context.SetCustomStatus(tally.Progress("done"));
            return DocumentOutcome.Fail(input.JobId, "The document could not be assembled: " + reason.Text, pages.Count, reason.Code) with
            {
                PagesSucceeded = tally.Succeeded,
                FailedPages = tally.Failures,
            };
        }

        var status = DocumentStatuses.From(pages.Count, tally.Failures.Count);
        context.SetCustomStatus(tally.Progress("done"));
        PipelineLog.Finished(log, input.JobId, status, tally.Succeeded, pages.Count);
        return new DocumentOutcome
        {
            JobId = input.JobId,
            Status = status,
            PageCount = pages.Count,
            PagesSucceeded = tally.Succeeded,
            FailedPages = tally.Failures,
            Reason = status == DocumentStatus.Failed
                ? string.Create(CultureInfo.InvariantCulture, $"No page could be read; page {tally.Failures[0].PageNumber}: {tally.Failures[0].Reason}")
                : null,
            ReasonCode = status == DocumentStatus.Failed ? tally.Failures[0].Code : null,
            Outputs = outputs,
        };
    }
}
