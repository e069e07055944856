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

    /// <summary>SHA-256 of the document (hex), as hashed for the job id; null when unknown (preparation hashes it then).</summary>
    public string? SourceSha256 { get; init; }

    /// <summary>Store key prefix of the outputs: <c>{OutputPrefix}{name}.md</c> and <c>.json</c>.</summary>
    public string OutputPrefix { get; init; } = "output/";

    /// <summary>The pages to read; null for every page.</summary>
    public PageRanges? Pages { get; init; }

    /// <summary>Resolution at which PDF pages are rendered for recognition.</summary>
    public int Dpi { get; init; } = JobRequest.Defaults.Dpi;

    /// <summary>Most pages recognised at the same time by one orchestration (default 16).</summary>
    public int MaxPagesInFlight { get; init; } = JobRequest.Defaults.MaxPagesInFlight;

    /// <summary>Documents with more selected pages than this are recognised in sub-orchestrations of this many pages (default 200).</summary>
    public int PagesPerBatch { get; init; } = JobRequest.Defaults.PagesPerBatch;

    /// <summary>Retries of a page whose recognition failed with a transient error.</summary>
    public PageRetrySettings Retry { get; init; } = JobRequest.Defaults.Retry;

    /// <summary>Whether every page is OCR'd, even PDF pages whose text layer would do (default false: those skip OCR).</summary>
    public bool ForceOcr { get; init; }

    /// <summary>Whether invisible text over a scanned image (an earlier OCR) is read as the page's text (default false: OCR again).</summary>
    public bool AcceptOcrTextLayer { get; init; }

    /// <summary>Recognition engine asked of the inference service (<c>ppocr</c>, <c>vlm</c>); null for the service's default.</summary>
    public string? Engine { get; init; }

    /// <summary>Where the outputs are also written (<c>blob://container/prefix/</c> or <c>s3://bucket/prefix/</c>); null for the output area only.</summary>
    public string? Destination { get; init; }

    /// <summary>Which outputs go to <see cref="Destination"/> (<c>md</c>, <c>json</c>); null or empty for both.</summary>
    public IReadOnlyList<string>? Formats { get; init; }

    /// <summary>
    /// URL the job's completion event is POSTed to, signed (<see cref="CallbackSender"/>); null for none. Checked against
    /// the host's allow-list when the job is submitted. Part of the job id (<see cref="JobIds.Derive"/>).
    /// </summary>
    public string? Callback { get; init; }

    /// <summary>Whether the completion event also goes to the host's publishers (<see cref="ICompletionPublisher"/>: Event Grid). Not part of the job id.</summary>
    public bool PublishEvents { get; init; }

    /// <summary>
    /// Retries of the notification step (<see cref="NotifyCompletionActivity"/>) while a receiver fails (5xx, timeout):
    /// <see cref="PageRetrySettings.MaxAttempts"/>, <see cref="PageRetrySettings.FirstDelay"/>, growing by
    /// <see cref="PageRetrySettings.BackoffCoefficient"/> to <see cref="PageRetrySettings.MaxDelay"/> (the busy budget is not used).
    /// </summary>
    public PageRetrySettings NotificationRetry { get; init; } = JobRequest.Defaults.NotificationRetry;

    /// <summary>W3C trace context of the span the job was started in; the steps' spans join that trace. Not part of the job id.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Whether a page result already in the store (from an earlier run of the same job) is reused.</summary>
    public bool ReuseResults { get; init; } = true;

    /// <summary>
    /// The job for a document: its id from the content hash and what <paramref name="request"/> asks (see
    /// <see cref="JobIds.Derive"/>), the outputs under <c>output/{jobId}/</c>. Whoever starts it sets <see cref="TraceParent"/>.
    /// </summary>
    /// <param name="contentSha256">SHA-256 of the document.</param>
    /// <param name="sourceName">The document's name (a path or key: its last segment is kept); names the outputs.</param>
    /// <param name="request">What the caller asks.</param>
    /// <param name="sourceKey">Store key of the document, or null for the job's own copy (<see cref="WorkKeys.Source"/>).</param>
    public static DocumentJob Create(ReadOnlySpan<byte> contentSha256, string sourceName, JobRequest request, string? sourceKey = null)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(request);
        var formats = request.Formats is { Count: > 0 } list ? list : null;
        var jobId = JobIds.Derive(contentSha256, request.Pages, request.Dpi, request.ForceOcr, request.Engine, request.Destination, formats, request.AcceptOcrTextLayer, request.Callback, OutputNameOf(sourceName));
        return new DocumentJob
        {
            JobId = jobId,
            SourceKey = sourceKey ?? WorkKeys.Source(jobId),
            SourceSha256 = Convert.ToHexStringLower(contentSha256),
            SourceName = sourceName[(sourceName.LastIndexOf('/') + 1)..],
            OutputPrefix = WorkKeys.Outputs(jobId),
            Pages = request.Pages,
            Dpi = request.Dpi,
            Engine = request.Engine,
            ForceOcr = request.ForceOcr,
            AcceptOcrTextLayer = request.AcceptOcrTextLayer,
            Destination = request.Destination,
            Formats = formats,
            MaxPagesInFlight = request.MaxPagesInFlight,
            PagesPerBatch = request.PagesPerBatch,
            Retry = request.Retry,
            Callback = request.Callback,
            PublishEvents = request.PublishEvents,
            NotificationRetry = request.NotificationRetry,
        };
    }

    /// <summary>The name the outputs are given: <see cref="SourceName"/> or the last segment of <see cref="SourceKey"/>, without extension.</summary>
    public string OutputName() => OutputNameOf(SourceName ?? SourceKey);

    private static string OutputNameOf(string source)
    {
        var name = source[(source.LastIndexOf('/') + 1)..];
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

    /// <summary>
    /// How long a page is retried while the recogniser answers busy (429, 503), waiting what it asks for (else
    /// <see cref="FirstDelay"/>, growing to <see cref="MaxDelay"/>); busy answers do not count against
    /// <see cref="MaxAttempts"/>. Default 15 minutes.
    /// </summary>
    public TimeSpan BusyBudget { get; init; } = TimeSpan.FromMinutes(15);
}
