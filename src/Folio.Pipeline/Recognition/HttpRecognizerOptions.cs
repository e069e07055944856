namespace Folio.Pipeline;

/// <summary>Settings of <see cref="HttpPageRecognizer"/> and its resilience handler.</summary>
public sealed class HttpRecognizerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inference";

    /// <summary>Base address of the inference service, e.g. <c>http://localhost:8080/</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Sent as <c>X-Api-Key</c> when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Limit of one HTTP attempt (default 2 minutes: a page on CPU takes seconds, a cold GPU replica longer).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Limit of one page including the handler's retries (default 5 minutes).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of a transient HTTP failure inside one activity attempt (default 2).</summary>
    public int MaxRetries { get; set; } = 2;
}
