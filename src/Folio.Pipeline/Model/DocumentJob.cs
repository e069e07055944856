using Folio.Ocr;

namespace Folio.Pipeline;

/// <summary>
/// The input of <see cref="DocumentOrchestrator"/>: where the document is, how to read it and how hard to try.
/// Small by design: it travels through orchestration history, the bytes stay in the work store.
/// </summary>
public sealed record DocumentJob
{
    /// <summary>Job id (see <see cref="JobIds"/>); names the folder <c>work/{jobId}/</c> in the store.</summary>
    public required string JobId { get; init; }

    /// <summary>Store key of the uploaded document; copied to <see cref="WorkKeys.Source"/> when elsewhere.</summary>
    public required string SourceKey { get; init; }

    /// <summary>The document's file name as uploaded; names the outputs. Defaults to the last segment of <see cref="SourceKey"/>.</summary>
    public string? SourceName { get; init; }

    /// <summary>Store key prefix of the outputs: <c>{OutputPrefix}{name}.md</c> and <c>.json</c>.</summary>
    public string OutputPrefix { get; init; } = "output/";

    /// <summary>1-based page selection such as <c>1-3,7</c> or <c>10-</c>; null or empty for every page.</summary>
    public string? Pages { get; init; }

    /// <summary>Resolution at which PDF pages are rendered for recognition.</summary>
    public int Dpi { get; init; } = 150;

    /// <summary>Per-page recognition settings; null for the engine's defaults.</summary>
    public OcrRequestOptions? Ocr { get; init; }

    /// <summary>Most pages recognised at the same time by one orchestration (default 16).</summary>
    public int MaxPagesInFlight { get; init; } = 16;

    /// <summary>Documents with more selected pages than this are recognised in sub-orchestrations of this many pages (default 200).</summary>
    public int PagesPerBatch { get; init; } = 200;

    /// <summary>Retries of a page whose recognition failed with a transient error.</summary>
    public PageRetrySettings Retry { get; init; } = new();

    /// <summary>Whether every page is OCR'd, even PDF pages whose text layer would do (default false: those skip OCR).</summary>
    public bool ForceOcr { get; init; }

    /// <summary>Whether invisible text over a scanned image (an earlier OCR) is trusted as the page's text (default false: OCR again).</summary>
    public bool AcceptOcrTextLayer { get; init; }

    /// <summary>Recognition engine asked of the inference service (<c>ppocr</c>, <c>vlm</c>); null for the service's default.</summary>
    public string? Engine { get; init; }

    /// <summary>Where the outputs are also written (<c>blob://container/prefix/</c> or <c>s3://bucket/prefix/</c>); null for the output area only.</summary>
    public string? Destination { get; init; }

    /// <summary>Which outputs go to <see cref="Destination"/> (<c>md</c>, <c>json</c>); null or empty for both.</summary>
    public IReadOnlyList<string>? Formats { get; init; }

    /// <summary>W3C trace context of the span the job was started in; the steps' spans join that trace. Not part of the job id.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Whether a page result already in the store (from an earlier run of the same job) is reused.</summary>
    public bool ReuseResults { get; init; } = true;

    /// <summary>The name the outputs are given: <see cref="SourceName"/> or the last segment of <see cref="SourceKey"/>, without extension.</summary>
    public string OutputName()
    {
        var name = SourceName ?? SourceKey[(SourceKey.LastIndexOf('/') + 1)..];
        var stem = Path.GetFileNameWithoutExtension(name);
        var safe = new string(stem.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "document" : safe;
    }
}

/// <summary>How a page's recognition is retried (Durable Task <c>RetryPolicy</c> values).</summary>
public sealed record PageRetrySettings
{
    /// <summary>Attempts in all, the first included (default 3; 1 means no retry).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry (default 2 s).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Factor applied to the wait after each retry (default 2).</summary>
    public double BackoffCoefficient { get; init; } = 2;

    /// <summary>Longest wait between attempts (default 1 minute).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Give up retrying after this long from the first attempt; null for no limit.</summary>
    public TimeSpan? Timeout { get; init; }
}
