namespace Folio.Vlm;

/// <summary>Settings of the vlm engine (section <c>Inference:Vlm</c>). Without <see cref="ServerUrl"/> the engine is off.</summary>
public sealed record VlmOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inference:Vlm";

    /// <summary>Base URL of the OpenAI-compatible server, e.g. <c>http://127.0.0.1:8118</c> or <c>…/v1</c>; empty: engine off.</summary>
    public string? ServerUrl { get; init; }

    /// <summary>Model name the server serves, as <c>/v1/models</c> lists it.</summary>
    public string Model { get; init; } = "PaddlePaddle/PaddleOCR-VL";

    /// <summary>Bearer token for the server, when it wants one (vLLM <c>--api-key</c>).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Requests to the server at once, across every page of this process.</summary>
    public int MaxConcurrentRequests { get; init; } = 8;

    /// <summary>Longest wait for one region's answer; past it the region falls back to ppocr.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Token cap of one answer; an answer that reaches it (finish_reason <c>length</c>) falls back.</summary>
    public int MaxTokens { get; init; } = 4096;

    /// <summary>Pixels added around each region before cropping.</summary>
    public int CropMargin { get; init; } = 6;

    /// <summary>How long a readiness probe of the server is reused.</summary>
    public TimeSpan ProbeCacheDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether a server is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServerUrl);

    /// <summary>
    /// The server's root without a trailing <c>/v1</c> or slash, so that both PaddleOCR's <c>http://host:8118/v1</c> and
    /// a bare <c>http://host:8118</c> work.
    /// </summary>
    public static string NormalizeServerUrl(string url)
    {
        var trimmed = url.Trim().TrimEnd('/');
        return trimmed.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? trimmed[..^3] : trimmed;
    }
}
