using Microsoft.Extensions.Logging;

namespace Folio.Pipeline;

/// <summary>Source-generated log messages of the pipeline.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Job {JobId}: {Type} with {SourcePages} page(s), {Selected} selected and stored")]
    public static partial void Prepared(ILogger logger, string jobId, string type, int sourcePages, int selected);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Job {JobId}: page {PageNumber} read, {Blocks} block(s), {Lines} line(s)")]
    public static partial void PageRecognized(ILogger logger, string jobId, int pageNumber, int blocks, int lines);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Job {JobId}: assembled {Pages} page(s), {Failed} failed, into {MarkdownKey} and {JsonKey}")]
    public static partial void Assembled(ILogger logger, string jobId, int pages, int failed, string markdownKey, string jsonKey);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Job {JobId}: started on instance {InstanceId}")]
    public static partial void Started(ILogger logger, string jobId, string instanceId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Job {JobId}: the document could not be prepared ({Code}): {Detail}")]
    public static partial void PrepareFailed(ILogger logger, string jobId, string code, string detail);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Job {JobId}: page {PageNumber} failed after retries ({Code}): {Detail}")]
    public static partial void PageFailed(ILogger logger, string jobId, int pageNumber, string code, string detail);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Job {JobId}: batch {Batch} of {Batches} done, {Done} of {Total} page(s), {Failed} failed")]
    public static partial void BatchDone(ILogger logger, string jobId, int batch, int batches, int done, int total, int failed);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Job {JobId}: {Status}, {Succeeded} of {Total} page(s) read")]
    public static partial void Finished(ILogger logger, string jobId, DocumentStatus status, int succeeded, int total);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "Job {JobId}: the document could not be assembled ({Code}): {Detail}")]
    public static partial void AssembleFailed(ILogger logger, string jobId, string code, string detail);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Job {JobId}: page batch {Batch} failed ({Code}): {Detail}")]
    public static partial void BatchFailed(ILogger logger, string jobId, int batch, string code, string detail);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "Job {JobId}: the completion event {EventId} could not be delivered: {Reason}")]
    public static partial void NotificationFailed(ILogger logger, string jobId, string eventId, string reason);
}
