using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Folio.Pipeline;

/// <summary>
/// The orchestrator's last step, for jobs with a callback or whose host publishes events: the outcome is final
/// first (published in the custom status, stage <c>notifying</c>, so the status and result APIs answer with it while
/// the event is delivered), then <see cref="NotifyCompletionActivity"/> runs under
/// <see cref="RetryPolicies.ForNotification"/>. A delivery that still fails is recorded in
/// <see cref="DocumentOutcome.Notification"/> and logged; the document's status stays what it was.
/// Deterministic: the event id is the orchestration's replay-safe <c>NewGuid</c>, its time the orchestration's clock.
/// </summary>
internal static class NotifyStep
{
    /// <summary>Failed pages listed in the custom status while notifying (the outcome lists them all).</summary>
    internal const int FailedPagesInStatus = 40;

    /// <summary>Length a failed page's reason is cut to in the custom status.</summary>
    internal const int ReasonLengthInStatus = 200;

    /// <summary>Whether the job is notified at all.</summary>
    public static bool Wanted(DocumentJob job) => job.Callback is not null || job.PublishEvents;

    public static async Task<DocumentOutcome> RunAsync(TaskOrchestrationContext context, DocumentJob job, DocumentOutcome outcome, ILogger log)
    {
        var eventId = context.NewGuid().ToString("D");
        var pending = new NotificationReport { EventId = eventId, Status = NotificationStatus.Pending };
        var done = outcome.PagesSucceeded + outcome.FailedPages.Count;
        context.SetCustomStatus(new JobProgress("notifying", done, outcome.FailedPages.Count, outcome.PageCount) { Final = ForStatus(outcome with { Notification = pending }) });

        NotificationReport report;
        try
        {
            report = await context.CallActivityAsync<NotificationReport>(
                TaskNames.NotifyCompletion, new NotifyRequest(job, outcome, eventId, context.CurrentUtcDateTime), RetryPolicies.ForNotification(job.NotificationRetry)).ConfigureAwait(true);
        }
        catch (TaskFailedException ex)
        {
            // The receiver is the caller's own: what it answered is theirs to see.
            var reason = FailureReasons.Of(ex, (typeof(CallbackRefusedException), FailureReasons.CallbackRefused), (typeof(HttpRequestException), FailureReasons.CallbackFailed));
            PipelineLog.NotificationFailed(log, job.JobId, eventId, FailureReasons.Detail(ex));
            report = pending with { Status = NotificationStatus.Failed, Reason = reason.Text };
        }

        context.SetCustomStatus(new JobProgress("done", done, outcome.FailedPages.Count, outcome.PageCount));
        return outcome with { Notification = report };
    }

    /// <summary>The outcome as the custom status carries it: at most <see cref="FailedPagesInStatus"/> failed pages, reasons shortened (the 16 KB limit).</summary>
    private static DocumentOutcome ForStatus(DocumentOutcome outcome) => outcome with
    {
        FailedPages = outcome.FailedPages
            .Take(FailedPagesInStatus)
            .Select(f => f.Reason.Length <= ReasonLengthInStatus ? f : f with { Reason = f.Reason[..(ReasonLengthInStatus - 1)] + "…" })
            .ToArray(),
    };
}
