using Folio.Documents;
using Microsoft.DurableTask;

namespace Folio.Pipeline;

/// <summary>Retry policies of the pipeline's activities, and how failures are told apart.</summary>
public static class RetryPolicies
{
    /// <summary>Longest failure reason kept in history and outputs.</summary>
    public const int MaxReasonLength = 1000;

    private static readonly HashSet<string> PermanentErrorTypes = new(StringComparer.Ordinal)
    {
        typeof(DocumentException).FullName!,
        typeof(PageRejectedException).FullName!,
        typeof(SourceChangedException).FullName!,
        typeof(CallbackRefusedException).FullName!,
        typeof(KeyNotFoundException).FullName!,
        typeof(ArgumentException).FullName!,
        typeof(ArgumentNullException).FullName!,
        typeof(ArgumentOutOfRangeException).FullName!,
        typeof(FormatException).FullName!,
        typeof(NotSupportedException).FullName!,
        typeof(DllNotFoundException).FullName!,
        typeof(OutOfMemoryException).FullName!,
        typeof(InsufficientMemoryException).FullName!,
    };

    /// <summary>Whether a failure is worth retrying: everything except bad input, rejected pages, missing native libraries and running out of memory (the same document would run out again).</summary>
    public static bool IsTransient(TaskFailureDetails failure) => !PermanentErrorTypes.Contains(failure.ErrorType);

    /// <summary>
    /// The retry handler of one page's recognition (one per call: it counts that page's faults). A fault is retried
    /// up to <see cref="PageRetrySettings.MaxAttempts"/> attempts with exponential backoff; a busy recogniser
    /// (<see cref="ServiceBusyException"/>) is retried, without counting, until <see cref="PageRetrySettings.BusyBudget"/>
    /// has passed, after the wait it asked for. Bad input is never retried. Deterministic: the waits are durable timers.
    /// </summary>
    public static TaskOptions ForPage(PageRetrySettings settings)
    {
        var first = settings.FirstDelay > TimeSpan.Zero ? settings.FirstDelay : TimeSpan.FromMilliseconds(1);
        var longest = settings.MaxDelay > first ? settings.MaxDelay : first;
        var faults = 0;
        var busy = 0;
        return TaskOptions.FromRetryHandler(async retry =>
        {
            if (!IsTransient(retry.LastFailure))
            {
                return false;
            }

            TimeSpan wait;
            if (string.Equals(retry.LastFailure.ErrorType, typeof(ServiceBusyException).FullName, StringComparison.Ordinal))
            {
                if (retry.TotalRetryTime >= settings.BusyBudget)
                {
                    return false;
                }

                wait = ServiceBusyException.RetryAfterIn(retry.LastFailure.ErrorMessage) ?? Backoff(first, settings.BackoffCoefficient, busy, longest);
                busy++;
            }
            else
            {
                faults++;
                if (faults >= settings.MaxAttempts || (settings.Timeout is { } limit && retry.TotalRetryTime >= limit))
                {
                    return false;
                }

                wait = Backoff(first, settings.BackoffCoefficient, faults - 1, longest);
            }

            await retry.OrchestrationContext.CreateTimer(wait, retry.CancellationToken).ConfigureAwait(true);
            return true;
        });
    }

    private static TimeSpan Backoff(TimeSpan first, double coefficient, int retries, TimeSpan longest) =>
        TimeSpan.FromTicks((long)Math.Min(longest.Ticks, first.Ticks * Math.Pow(Math.Max(1, coefficient), retries)));

    /// <summary>Storage-bound steps (prepare, assemble): three attempts, a second apart, bad input not retried.</summary>
    public static TaskOptions ForStorageSteps() =>
        TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10)) { HandleFailure = IsTransient });

    /// <summary>
    /// The notification step: <see cref="PageRetrySettings.MaxAttempts"/> attempts with exponential backoff from
    /// <see cref="PageRetrySettings.FirstDelay"/> to <see cref="PageRetrySettings.MaxDelay"/> while a receiver fails
    /// (5xx, timeout, unreachable); a refusal (<see cref="CallbackRefusedException"/>) is not retried.
    /// </summary>
    public static TaskOptions ForNotification(PageRetrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var first = settings.FirstDelay > TimeSpan.Zero ? settings.FirstDelay : TimeSpan.FromMilliseconds(1);
        return TaskOptions.FromRetryPolicy(new RetryPolicy(
            Math.Max(1, settings.MaxAttempts), first, Math.Max(1, settings.BackoffCoefficient), settings.MaxDelay > first ? settings.MaxDelay : first, settings.Timeout)
        {
            HandleFailure = IsTransient,
        });
    }

    /// <summary>Cuts a reason to <see cref="MaxReasonLength"/> characters.</summary>
    public static string Shorten(string? reason)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? "unknown error" : reason.Trim();
        return reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 1)] + "…";
    }
}

/// <summary>Turns page counts into a <see cref="DocumentStatus"/>.</summary>
public static class DocumentStatuses
{
    /// <summary>Succeeded without failures, failed when nothing was read, partially succeeded otherwise.</summary>
    public static DocumentStatus From(int pages, int failed) =>
        failed == 0 && pages > 0 ? DocumentStatus.Succeeded : failed >= pages ? DocumentStatus.Failed : DocumentStatus.PartiallySucceeded;
}
