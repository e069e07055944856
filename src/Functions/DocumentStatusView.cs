using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Contracts;
using Folio.Pipeline;
using Microsoft.DurableTask.Client;

namespace Folio.Functions;

/// <summary>What <c>GET /api/documents/{id}</c> answers.</summary>
public sealed record DocumentStatusView
{
    /// <summary>The job (and orchestration instance) id.</summary>
    public required string Id { get; init; }

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>partiallySucceeded</c>, <c>failed</c> or <c>canceled</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The durable runtime status, for operators.</summary>
    public required string RuntimeStatus { get; init; }

    /// <summary>Pages done, failed and total, as the orchestrator last published them.</summary>
    public JobProgress? Progress { get; init; }

    /// <summary>Pages that could not be read, with reasons.</summary>
    public IReadOnlyList<PageFailure> FailedPages { get; init; } = [];

    /// <summary>Why the document failed.</summary>
    public string? Reason { get; init; }

    /// <summary>The stable code of <see cref="Reason"/> (<see cref="FailureReasons"/>; <c>canceled</c> for a canceled job).</summary>
    public string? ReasonCode { get; init; }

    /// <summary>Output locations as <c>container/blob</c>: <c>markdown</c>, <c>json</c>, and <c>txt</c>, <c>html</c>, <c>pdf</c> when asked for.</summary>
    public IReadOnlyDictionary<string, string>? Outputs { get; init; }

    /// <summary>Copies of the outputs written to the job's destination.</summary>
    public IReadOnlyList<string>? Copies { get; init; }

    /// <summary>The completion event: its id and whether it was delivered (<c>pending</c>, <c>delivered</c>, <c>failed</c> with the reason); absent when the job sends none.</summary>
    public NotificationReport? Notification { get; init; }

    /// <summary>Seconds from creation to the last change (the run time once finished).</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>When the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job last changed.</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Builds the view from an instance's metadata (read with inputs and outputs).</summary>
    public static DocumentStatusView From(OrchestrationMetadata instance, FolioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(settings);
        var progress = TryRead<JobProgress>(instance.SerializedCustomStatus);
        var outcome = Outcome(instance);
        var status = StatusOf(instance);
        var copies = outcome?.Outputs?.Copies;
        return new DocumentStatusView
        {
            Id = instance.InstanceId,
            Status = status,
            RuntimeStatus = instance.RuntimeStatus.ToString(),
            Progress = progress is null ? null : progress with { Final = null },
            FailedPages = outcome?.FailedPages ?? [],
            // An orchestration that failed on its own (not a document that failed) keeps its error for the log.
            Reason = outcome?.Reason ?? status switch
            {
                "failed" => "An internal error stopped the job; the service's logs have the detail.",
                "canceled" => "The job was canceled.",
                _ => null,
            },
            ReasonCode = outcome?.ReasonCode ?? status switch
            {
                "failed" => FailureReasons.InternalError,
                "canceled" => "canceled",
                _ => null,
            },
            Outputs = outcome?.Outputs is { } outputs
                ? outputs.All().ToDictionary(o => o.Key == OutputFormats.Markdown ? "markdown" : o.Key, o => settings.Locate(o.Value), StringComparer.Ordinal)
                : null,
            Copies = copies is { Count: > 0 } ? copies : null,
            Notification = outcome?.Notification,
            CreatedAt = instance.CreatedAt,
            LastUpdatedAt = instance.LastUpdatedAt,
            ElapsedSeconds = Math.Round((instance.LastUpdatedAt - instance.CreatedAt).TotalSeconds, 3),
        };
    }

    /// <summary>
    /// <c>queued</c> (pending), <c>running</c>, <c>canceled</c> (terminated), the outcome's status once decided
    /// (<c>succeeded</c>, <c>partiallySucceeded</c>, <c>failed</c>: when completed, and while the completion event is
    /// delivered), or <c>failed</c> when the orchestration itself failed.
    /// </summary>
    public static string StatusOf(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => "queued",
            OrchestrationRuntimeStatus.Running when Outcome(instance) is { } decided => EnumText.Of(decided.Status),
            OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended => "running",
            OrchestrationRuntimeStatus.Terminated => "canceled",
            OrchestrationRuntimeStatus.Completed when Outcome(instance) is { } outcome => EnumText.Of(outcome.Status),
            _ => "failed",
        };
    }

    /// <summary>
    /// The outcome of a completed instance read with its outputs, or of a running one delivering its completion event
    /// (the custom status's <see cref="JobProgress.Final"/>, failed pages possibly shortened); null otherwise.
    /// </summary>
    public static DocumentOutcome? Outcome(OrchestrationMetadata instance) => instance?.RuntimeStatus switch
    {
        OrchestrationRuntimeStatus.Completed => TryRead<DocumentOutcome>(instance.SerializedOutput),
        OrchestrationRuntimeStatus.Running => TryRead<JobProgress>(instance.SerializedCustomStatus)?.Final,
        _ => null,
    };

    private static T? TryRead<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
