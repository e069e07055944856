using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Folio.Pipeline;

/// <summary>
/// The last step of a job: delivers its completion event (<see cref="CompletionEvent"/>) to the job's callback
/// (<see cref="CallbackSender"/>) and to the host's publishers (<see cref="ICompletionPublisher"/>: Event Grid).
/// Each receiver that takes it is marked in the work store (<see cref="WorkKeys.Delivered"/>), so an attempt retried
/// after a receiver failed, or a step run again, sends it only where it has not arrived. A receiver that fails makes
/// the attempt throw, after the others were tried. The mark is written after the receiver answered: a worker lost
/// between the two sends the event again, with the same id, for the receiver to de-duplicate.
/// </summary>
[DurableTask(TaskNames.NotifyCompletion)]
public sealed class NotifyCompletionActivity : TaskActivity<NotifyRequest, NotificationReport>
{
    /// <summary>Channel name of the job's callback.</summary>
    public const string CallbackChannel = "callback";

    private readonly IWorkStore _store;
    private readonly ILogger<NotifyCompletionActivity> _logger;
    private readonly IReadOnlyList<ICompletionPublisher> _publishers;
    private readonly CallbackSender? _callbacks;

    /// <summary>Creates the activity (from DI).</summary>
    /// <param name="store">The work store (delivery marks).</param>
    /// <param name="logger">The log.</param>
    /// <param name="publishers">The host's publishers; none in the CLI.</param>
    /// <param name="callbacks">Sends callbacks; jobs with a callback fail their notification without it.</param>
    public NotifyCompletionActivity(IWorkStore store, ILogger<NotifyCompletionActivity> logger, IEnumerable<ICompletionPublisher> publishers, CallbackSender? callbacks = null)
    {
        _store = store;
        _logger = logger;
        _publishers = publishers.ToArray();
        _callbacks = callbacks;
    }

    /// <inheritdoc />
    /// <remarks>One <c>folio.notify</c> span per attempt, in the job's trace; the job id is in the logging scope.</remarks>
    public override async Task<NotificationReport> RunAsync(TaskActivityContext context, NotifyRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var job = input.Job;
        using var span = PipelineTelemetry.Start("folio.notify", job.TraceParent);
        span?.SetTag("folio.job.id", job.JobId);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.JobId });
        var completion = CompletionEvent.From(input, _callbacks?.Locate ?? (key => key));
        var body = completion.ToUtf8Json();
        var delivered = new List<string>();
        var failures = new List<Exception>();
        if (job.Callback is { } callback)
        {
            await DeliverAsync(job.JobId, input.EventId, CallbackChannel, delivered, failures, () => _callbacks is null
                ? throw new CallbackRefusedException("Callbacks are not configured on this host.")
                : _callbacks.SendAsync(new Uri(callback), input.EventId, body)).ConfigureAwait(false);
        }

        if (job.PublishEvents)
        {
            foreach (var publisher in _publishers)
            {
                await DeliverAsync(job.JobId, input.EventId, publisher.Channel, delivered, failures, () => publisher.PublishAsync(completion, body)).ConfigureAwait(false);
            }
        }

        if (failures.Count > 0)
        {
            var reason = string.Join(" ", failures.Select(f => f.Message));
            span?.SetStatus(ActivityStatusCode.Error, reason);
            // A refusal is final only when nothing else is worth retrying.
            throw failures.All(f => f is CallbackRefusedException) ? new CallbackRefusedException(reason) : new HttpRequestException(reason);
        }

        return new NotificationReport { EventId = input.EventId, Status = NotificationStatus.Delivered, Delivered = delivered };
    }

    private async Task DeliverAsync(string jobId, string eventId, string channel, List<string> delivered, List<Exception> failures, Func<Task> send)
    {
        var mark = WorkKeys.Delivered(jobId, eventId, channel);
        if (await _store.ExistsAsync(mark).ConfigureAwait(false))
        {
            NotifyLog.AlreadyDelivered(_logger, jobId, eventId, channel);
            delivered.Add(channel);
            return;
        }

        try
        {
            await send().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Any receiver's failure (HTTP, Event Grid, credentials) is recorded; the others are still tried.
            NotifyLog.AttemptFailed(_logger, jobId, eventId, channel, ex.Message);
            failures.Add(ex);
            return;
        }

        await _store.TryCreateAsync(mark).ConfigureAwait(false);
        NotifyLog.Delivered(_logger, jobId, eventId, channel);
        delivered.Add(channel);
    }
}

/// <summary>Source-generated log messages of the notification step.</summary>
internal static partial class NotifyLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Job {JobId}: event {EventId} delivered to {Channel}")]
    public static partial void Delivered(ILogger logger, string jobId, string eventId, string channel);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Job {JobId}: event {EventId} was already delivered to {Channel}; not sent again")]
    public static partial void AlreadyDelivered(ILogger logger, string jobId, string eventId, string channel);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Job {JobId}: event {EventId} not delivered to {Channel}: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string jobId, string eventId, string channel, string reason);
}
