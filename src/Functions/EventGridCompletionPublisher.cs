using Azure;
using Azure.Identity;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Folio.Pipeline;

namespace Folio.Functions;

/// <summary>
/// Publishes every job's completion event to the Event Grid custom topic as a CloudEvents 1.0 event: <c>id</c> the
/// event id, <c>source</c> <see cref="NotificationSettings.EventSource"/>, <c>type</c> <c>Folio.Document.Completed</c>
/// or <c>Folio.Document.Failed</c>, <c>subject</c> the job id, <c>time</c> when it ended, <c>datacontenttype</c>
/// <c>application/json</c> and <c>data</c> the callback's body. Authenticates with the managed identity
/// (<see cref="DefaultAzureCredential"/>; EventGrid Data Sender on the topic), or the topic's key when one is set.
/// </summary>
public sealed class EventGridCompletionPublisher : ICompletionPublisher
{
    private readonly EventGridPublisherClient _client;
    private readonly string _source;

    /// <summary>Creates the publisher for the configured topic.</summary>
    /// <exception cref="InvalidOperationException">No topic endpoint is configured.</exception>
    public EventGridCompletionPublisher(NotificationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = settings.EventGridEndpoint ?? throw new InvalidOperationException("FOLIO_EVENTGRID_ENDPOINT is not set.");
        _client = settings.EventGridKey is { } key
            ? new EventGridPublisherClient(endpoint, new AzureKeyCredential(key))
            : new EventGridPublisherClient(endpoint, new DefaultAzureCredential());
        _source = settings.EventSource;
    }

    /// <inheritdoc />
    public string Channel => "eventGrid";

    /// <summary>The CloudEvent of a completion event whose JSON is <paramref name="body"/>.</summary>
    public static CloudEvent ToCloudEvent(CompletionEvent completion, byte[] body, string source)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return new CloudEvent(source, completion.Type, BinaryData.FromBytes(body), "application/json", CloudEventDataFormat.Json)
        {
            Id = completion.EventId,
            Subject = completion.JobId,
            Time = completion.Time,
        };
    }

    /// <inheritdoc />
    public async Task PublishAsync(CompletionEvent completion, byte[] body, CancellationToken cancellationToken = default) =>
        await _client.SendEventAsync(ToCloudEvent(completion, body, _source), cancellationToken).ConfigureAwait(false);
}
