using System.Text.Json.Serialization;

namespace Folio.Pipeline;

/// <summary>How a document ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentStatus>))]
public enum DocumentStatus
{
    /// <summary>Every selected page was read.</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded,

    /// <summary>Some pages were read, others failed (see <see cref="DocumentOutcome.FailedPages"/>).</summary>
    [JsonStringEnumMemberName("partiallySucceeded")] PartiallySucceeded,

    /// <summary>Nothing usable came out (see <see cref="DocumentOutcome.Reason"/>).</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>The output of <see cref="DocumentOrchestrator"/>.</summary>
public sealed record DocumentOutcome
{
    /// <summary>The job.</summary>
    [JsonPropertyName("jobId")] public required string JobId { get; init; }

    /// <summary>How it ended.</summary>
    [JsonPropertyName("status")] public required DocumentStatus Status { get; init; }

    /// <summary>Selected pages.</summary>
    [JsonPropertyName("pageCount")] public int PageCount { get; init; }

    /// <summary>Pages read.</summary>
    [JsonPropertyName("pagesSucceeded")] public int PagesSucceeded { get; init; }

    /// <summary>Pages not read, ascending, with reasons.</summary>
    [JsonPropertyName("failedPages")] public IReadOnlyList<PageFailure> FailedPages { get; init; } = [];

    /// <summary>Why the document failed, when it did.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }

    /// <summary>The stable code of <see cref="Reason"/> (<see cref="FailureReasons"/>).</summary>
    [JsonPropertyName("reasonCode")] public string? ReasonCode { get; init; }

    /// <summary>Where the Markdown and JSON were written; null when nothing was.</summary>
    [JsonPropertyName("outputs")] public DocumentOutputs? Outputs { get; init; }

    /// <summary>How the completion event was delivered (<see cref="NotifyCompletionActivity"/>); null when the job asked for none.</summary>
    [JsonPropertyName("notification")] public NotificationReport? Notification { get; init; }

    /// <summary>A failed outcome with a reason.</summary>
    public static DocumentOutcome Fail(string jobId, string reason, int pageCount = 0, string? reasonCode = null) =>
        new() { JobId = jobId, Status = DocumentStatus.Failed, Reason = reason, ReasonCode = reasonCode, PageCount = pageCount };
}

/// <summary>Progress of a document, published as the orchestration's custom status (well under 16 KB).</summary>
/// <param name="Stage">preparing, recognizing, assembling, done.</param>
/// <param name="PagesDone">Pages finished, read or failed.</param>
/// <param name="PagesFailed">Pages that failed.</param>
/// <param name="Total">Pages selected; 0 while preparing.</param>
public sealed record JobProgress(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("pagesDone")] int PagesDone,
    [property: JsonPropertyName("pagesFailed")] int PagesFailed,
    [property: JsonPropertyName("total")] int Total)
{
    /// <summary>
    /// The outcome, already decided, while the stage is <c>notifying</c> (its failed pages shortened to stay well under
    /// 16 KB, see <see cref="NotifyStep"/>): the job's status is final before its notification is delivered.
    /// </summary>
    [JsonPropertyName("final")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DocumentOutcome? Final { get; init; }
}
