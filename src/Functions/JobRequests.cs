using System.Globalization;
using System.Text.Json.Serialization;
using Folio.Pipeline;

namespace Folio.Functions;

/// <summary>Options of a job, from the JSON body's <c>options</c> or from the query string of a raw upload.</summary>
public sealed record JobOptions
{
    /// <summary>The engines the inference service knows.</summary>
    public static readonly IReadOnlyList<string> Engines = ["ppocr", "vlm"];

    /// <summary>The output formats (<see cref="Folio.Pipeline.OutputFormats.All"/>).</summary>
    public static readonly IReadOnlyList<string> Formats = Folio.Pipeline.OutputFormats.All;

    /// <summary>1-based page selection such as <c>1-5,8</c> or <c>10-</c>; null for every page.</summary>
    [JsonPropertyName("pages")] public string? Pages { get; init; }

    /// <summary>Render resolution of PDF pages (36–600); null for the configured default.</summary>
    [JsonPropertyName("dpi")] public int? Dpi { get; init; }

    /// <summary><c>ppocr</c> or <c>vlm</c>; null for the inference service's default.</summary>
    [JsonPropertyName("engine")] public string? Engine { get; init; }

    /// <summary>
    /// Outputs wanted (<c>md</c>, <c>json</c>, <c>txt</c>, <c>html</c>, <c>pdf</c>): <c>txt</c>, <c>html</c> and <c>pdf</c>
    /// are written beside the Markdown and JSON (which are always written), and the formats named are the ones copied
    /// to the destination; null for Markdown and JSON.
    /// </summary>
    [JsonPropertyName("formats")] public IReadOnlyList<string>? OutputFormats { get; init; }

    /// <summary>OCR every page, even those whose PDF text layer would do.</summary>
    [JsonPropertyName("forceOcr")] public bool ForceOcr { get; init; }

    /// <summary>Read invisible text over a scanned page (an earlier OCR) as the page's text instead of OCR'ing the scan.</summary>
    [JsonPropertyName("acceptOcrTextLayer")] public bool AcceptOcrTextLayer { get; init; }

    /// <summary>https URL the completion event is POSTed to, signed; its host must be allowed (<c>FOLIO_CALLBACK_HOSTS</c>). Part of the job id.</summary>
    [JsonPropertyName("callback")] public string? Callback { get; init; }

    /// <summary>The formats, lower-case, distinct, in a stable order; empty for the default.</summary>
    public IReadOnlyList<string> FormatList() =>
        OutputFormats is null ? [] : OutputFormats.Select(f => f.Trim().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The first thing wrong with these options, or null when they are valid.</summary>
    public string? Problem()
    {
        if (!PageRanges.TryParse(Pages, out _))
        {
            return $"'pages' must look like '1-5,8' or '10-', not '{Pages}'.";
        }

        if (Dpi is < 36 or > 600)
        {
            return $"'dpi' must be between 36 and 600, not {Dpi}.";
        }

        if (Engine is not null && !Engines.Contains(Engine))
        {
            return $"'engine' must be one of {string.Join(", ", Engines)}, not '{Engine}'.";
        }

        var formats = FormatList();
        if (formats.FirstOrDefault(f => !Formats.Contains(f)) is { } unknown)
        {
            return $"'formats' may hold {Folio.Pipeline.OutputFormats.Describe()}, not '{unknown}'.";
        }

        return formats.Contains(Folio.Pipeline.OutputFormats.Pdf) && TextLayerFonts.Files.Count == 0
            ? $"'pdf' needs a TrueType font for its text layer and this deployment has none: install DejaVu Sans or set {TextLayerFonts.FontsVariable}."
            : null;
    }

    /// <summary>Options from a raw upload's query string: <c>pages</c>, <c>dpi</c>, <c>engine</c>, <c>formats=md,json,pdf</c>, <c>forceOcr</c>, <c>acceptOcrTextLayer</c>, <c>callback</c>.</summary>
    /// <exception cref="FormatException">A number or a flag that does not parse.</exception>
    public static JobOptions FromQuery(Func<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dpi = query("dpi");
        var formats = query("formats");
        return new JobOptions
        {
            Pages = query("pages"),
            Dpi = string.IsNullOrEmpty(dpi) ? null : int.TryParse(dpi, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"'dpi' must be a number, not '{dpi}'."),
            Engine = query("engine"),
            OutputFormats = string.IsNullOrEmpty(formats) ? null : formats.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ForceOcr = Flag(query, "forceOcr"),
            AcceptOcrTextLayer = Flag(query, "acceptOcrTextLayer"),
            Callback = query("callback"),
        };
    }

    private static bool Flag(Func<string, string?> query, string name)
    {
        var value = query(name);
        return !string.IsNullOrEmpty(value) && (bool.TryParse(value, out var flag) ? flag : throw new FormatException($"'{name}' must be true or false, not '{value}'."));
    }
}

/// <summary>JSON body of <c>POST /api/documents</c>.</summary>
public sealed record StartDocumentRequest
{
    /// <summary><c>blob://container/name</c>, <c>s3://bucket/key</c>, or a blob name in the input container.</summary>
    [JsonPropertyName("source")] public string? Source { get; init; }

    /// <summary>Where copies of the outputs go: <c>blob://container/prefix/</c> or <c>s3://bucket/prefix/</c>; optional.</summary>
    [JsonPropertyName("output")] public string? Output { get; init; }

    /// <summary>Job options.</summary>
    [JsonPropertyName("options")] public JobOptions? Options { get; init; }

    /// <summary>Same as <c>options.pages</c> (kept for clients of the first version).</summary>
    [JsonPropertyName("pages")] public string? Pages { get; init; }

    /// <summary>Same as <c>options.dpi</c> (kept for clients of the first version).</summary>
    [JsonPropertyName("dpi")] public int? Dpi { get; init; }

    /// <summary>The options, with the top-level <c>pages</c> and <c>dpi</c> folded in.</summary>
    public JobOptions EffectiveOptions()
    {
        var options = Options ?? new JobOptions();
        return options with { Pages = options.Pages ?? Pages, Dpi = options.Dpi ?? Dpi };
    }
}
