using System.Text.Json;
using System.Text.Json.Serialization;

namespace Folio.Pipeline;

/// <summary>
/// The completion event of a job: the body of the callback POST and the <c>data</c> of the Event Grid CloudEvent,
/// byte for byte the same for every delivery attempt of one event (the signature is over these bytes).
/// </summary>
public sealed record CompletionEvent
{
    /// <summary>CloudEvents <c>type</c> of a job that ended <c>succeeded</c> or <c>partiallySucceeded</c>.</summary>
    public const string CompletedType = "Folio.Document.Completed";

    /// <summary>CloudEvents <c>type</c> of a job that ended <c>failed</c>.</summary>
    public const string FailedType = "Folio.Document.Failed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Id of this event: the same on every attempt, new for every run that ends; receivers de-duplicate on it.</summary>
    [JsonPropertyName("eventId")] public required string EventId { get; init; }

    /// <summary><see cref="CompletedType"/> or <see cref="FailedType"/>.</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }

    /// <summary>When the job ended (UTC).</summary>
    [JsonPropertyName("time")] public required DateTimeOffset Time { get; init; }

    /// <summary>The job.</summary>
    [JsonPropertyName("jobId")] public required string JobId { get; init; }

    /// <summary>The document's name as submitted.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary><c>succeeded</c>, <c>partiallySucceeded</c> or <c>failed</c>.</summary>
    [JsonPropertyName("status")] public required DocumentStatus Status { get; init; }

    /// <summary>Pages selected.</summary>
    [JsonPropertyName("pageCount")] public int PageCount { get; init; }

    /// <summary>Pages read.</summary>
    [JsonPropertyName("pagesSucceeded")] public int PagesSucceeded { get; init; }

    /// <summary>Pages not read, with reasons.</summary>
    [JsonPropertyName("failedPages")] public IReadOnlyList<PageFailure> FailedPages { get; init; } = [];

    /// <summary>Why the document failed; absent otherwise.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }

    /// <summary>Where the results are (<c>markdown</c>, <c>json</c>), as the status API names them; absent when nothing was written.</summary>
    [JsonPropertyName("outputs")] public IReadOnlyDictionary<string, string>? Outputs { get; init; }

    /// <summary>Copies written to the job's destination; absent when none.</summary>
    [JsonPropertyName("copies")] public IReadOnlyList<string>? Copies { get; init; }

    /// <summary>The event of a job's outcome; <paramref name="locate"/> turns store keys into the locations the API shows.</summary>
    public static CompletionEvent From(NotifyRequest request, Func<string, string> locate)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(locate);
        var outcome = request.Outcome;
        return new CompletionEvent
        {
            EventId = request.EventId,
            Type = outcome.Status == DocumentStatus.Failed ? FailedType : CompletedType,
            Time = request.Time,
            JobId = outcome.JobId,
            Name = request.Job.SourceName,
            Status = outcome.Status,
            PageCount = outcome.PageCount,
            PagesSucceeded = outcome.PagesSucceeded,
            FailedPages = outcome.FailedPages,
            Reason = outcome.Reason,
            Outputs = outcome.Outputs is { } outputs
                ? new Dictionary<string, string> { ["markdown"] = locate(outputs.MarkdownKey), ["json"] = locate(outputs.JsonKey) }
                : null,
            Copies = outcome.Outputs?.Copies is { Count: > 0 } copies ? copies : null,
        };
    }

    /// <summary>The body: UTF-8 JSON, camelCase, absent members left out.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>Input of <see cref="NotifyCompletionActivity"/>: the outcome to announce, under an id and a time fixed by the orchestrator.</summary>
/// <param name="Job">The job (its callback, whether events are published, its trace).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="EventId">The event's id (<see cref="CompletionEvent.EventId"/>).</param>
/// <param name="Time">When it ended.</param>
public sealed record NotifyRequest(DocumentJob Job, DocumentOutcome Outcome, string EventId, DateTimeOffset Time);

/// <summary>Where a notification stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationStatus>))]
public enum NotificationStatus
{
    /// <summary>Being delivered (the job's status is already final).</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>Every receiver took it.</summary>
    [JsonStringEnumMemberName("delivered")] Delivered,

    /// <summary>A receiver still failed after the retries, or refused it; the document's status is not changed by it.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>How the completion event of a job was delivered; part of <see cref="DocumentOutcome"/>.</summary>
public sealed record NotificationReport
{
    /// <summary>The event's id.</summary>
    [JsonPropertyName("eventId")] public required string EventId { get; init; }

    /// <summary>Pending, delivered or failed.</summary>
    [JsonPropertyName("status")] public required NotificationStatus Status { get; init; }

    /// <summary>The receivers that took it: <c>callback</c>, <c>eventGrid</c>.</summary>
    [JsonPropertyName("delivered")] public IReadOnlyList<string> Delivered { get; init; } = [];

    /// <summary>Why the delivery failed, when it did.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}
