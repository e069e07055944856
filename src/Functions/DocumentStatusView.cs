using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Pipeline;
using Microsoft.DurableTask.Client;

namespace Folio.Functions;

/// <summary>What <c>GET /api/documents/{id}</c> answers.</summary>
public sealed record DocumentStatusView
{
    /// <summary>The job (and orchestration instance) id.</summary>
    public required string Id { get; init; }

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>partiallySucceeded</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The durable runtime status, for operators.</summary>
    public required string RuntimeStatus { get; init; }

    /// <summary>Pages done, failed and total, as the orchestrator last published them.</summary>
    public JobProgress? Progress { get; init; }

    /// <summary>Pages that could not be read, with reasons.</summary>
    public IReadOnlyList<PageFailure> FailedPages { get; init; } = [];

    /// <summary>Why the document failed.</summary>
    public string? Reason { get; init; }

    /// <summary>Output locations as <c>container/blob</c>.</summary>
    public IReadOnlyDictionary<string, string>? Outputs { get; init; }

    /// <summary>When the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job last changed.</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Builds the view from an instance's metadata (read with inputs and outputs).</summary>
    public static DocumentStatusView From(OrchestrationMetadata instance, FolioSettings settings)
    {
        var progress = TryRead<JobProgress>(instance.SerializedCustomStatus);
        var outcome = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? TryRead<DocumentOutcome>(instance.SerializedOutput) : null;
        var status = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => "queued",
            OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended => "running",
            OrchestrationRuntimeStatus.Completed when outcome is not null => JsonSerializer.Serialize(outcome.Status).Trim('"'),
            _ => "failed",
        };
        return new DocumentStatusView
        {
            Id = instance.InstanceId,
            Status = status,
            RuntimeStatus = instance.RuntimeStatus.ToString(),
            Progress = progress,
            FailedPages = outcome?.FailedPages ?? [],
            Reason = outcome?.Reason ?? (status == "failed" ? instance.FailureDetails?.ErrorMessage ?? $"The orchestration is {instance.RuntimeStatus}." : null),
            Outputs = outcome?.Outputs is { } outputs
                ? new Dictionary<string, string> { ["markdown"] = settings.Locate(outputs.MarkdownKey), ["json"] = settings.Locate(outputs.JsonKey) }
                : null,
            CreatedAt = instance.CreatedAt,
            LastUpdatedAt = instance.LastUpdatedAt,
        };
    }

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
