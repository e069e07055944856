namespace Folio.Pipeline;

/// <summary>
/// A receiver of every job's completion event that the host configures (the Functions app's Event Grid topic),
/// besides a job's own callback. <see cref="NotifyCompletionActivity"/> calls each one once per event.
/// </summary>
public interface ICompletionPublisher
{
    /// <summary>Short name of the channel (<c>eventGrid</c>): names its delivery mark and appears in <see cref="NotificationReport.Delivered"/>.</summary>
    string Channel { get; }

    /// <summary>Publishes the event; <paramref name="body"/> is its JSON (<see cref="CompletionEvent.ToUtf8Json"/>). Throws to be retried.</summary>
    Task PublishAsync(CompletionEvent completion, byte[] body, CancellationToken cancellationToken = default);
}
