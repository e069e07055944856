namespace Folio.Pipeline;

/// <summary>
/// What a caller asks of a document job: the options that change its result (and so its id), and how hard to work.
/// <see cref="DocumentJob.Create"/> turns it into the job; every host starts jobs that way.
/// </summary>
public record JobRequest
{
    /// <summary>The defaults.</summary>
    public static JobRequest Defaults { get; } = new();

    /// <summary>The pages to read; null for every page.</summary>
    public PageRanges? Pages { get; init; }

    /// <summary>Render resolution of PDF pages (default 150).</summary>
    public int Dpi { get; init; } = 150;

    /// <summary>Whether every page is OCR'd, even PDF pages with a usable text layer.</summary>
    public bool ForceOcr { get; init; }

    /// <summary>Whether invisible text over a scanned image (an earlier OCR) is read as the page's text instead of OCR'ing the scan.</summary>
    public bool AcceptOcrTextLayer { get; init; }

    /// <summary>Engine asked of the recogniser (<c>ppocr</c>, <c>vlm</c>); null for its default.</summary>
    public string? Engine { get; init; }

    /// <summary>Where copies of the outputs go (<c>blob://…/</c>, <c>s3://…/</c>); null for none.</summary>
    public string? Destination { get; init; }

    /// <summary>Which outputs are copied to <see cref="Destination"/> (<c>md</c>, <c>json</c>), lower-case and sorted; null or empty for both.</summary>
    public IReadOnlyList<string>? Formats { get; init; }

    /// <summary>Pages in flight per orchestration (default 16).</summary>
    public int MaxPagesInFlight { get; init; } = 16;

    /// <summary>Pages per sub-orchestration for large documents (default 200).</summary>
    public int PagesPerBatch { get; init; } = 200;

    /// <summary>Retries of failed pages.</summary>
    public PageRetrySettings Retry { get; init; } = new();

    /// <summary>URL the completion event is POSTed to (checked by the caller's policy first); null for none.</summary>
    public string? Callback { get; init; }

    /// <summary>Whether the completion event also goes to the host's publishers (Event Grid).</summary>
    public bool PublishEvents { get; init; }

    /// <summary>Retries of the notification step: 5 attempts, 5 s growing to 2 minutes.</summary>
    public PageRetrySettings NotificationRetry { get; init; } = new() { MaxAttempts = 5, FirstDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromMinutes(2) };
}
