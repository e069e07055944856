using System.Text.Json.Serialization;

namespace Folio.Contracts;

/// <summary>The outcome of one page, as the inference service returns it and as documents store it.</summary>
public sealed record PageResult
{
    /// <summary>1-based page number within the document; <c>index</c> in JSON.</summary>
    [JsonPropertyName("index")]
    public required int PageNumber { get; init; }

    /// <summary>Width of the page raster in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Height of the page raster in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Dots per inch of the raster; null for images whose resolution is unknown.</summary>
    public double? Dpi { get; init; }

    /// <summary>
    /// Degrees clockwise the page was turned before it was read (180 for a page scanned upside down); null when it
    /// was read as it came. Every box is on the turned page.
    /// </summary>
    public int? Rotation { get; init; }

    /// <summary>Whether the page was read.</summary>
    public PageStatus Status { get; init; } = PageStatus.Succeeded;

    /// <summary>Why the page failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>Blocks in reading order.</summary>
    public IReadOnlyList<Block> Blocks { get; init; } = [];

    /// <summary>How the page was read.</summary>
    public Provenance? Provenance { get; init; }
}

/// <summary>Whether a page or document was read.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PageStatus>))]
public enum PageStatus
{
    /// <summary>Read completely.</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded,

    /// <summary>Could not be read; see the error.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>A region of the page in reading order: a paragraph, heading, table, ….</summary>
public sealed record Block
{
    /// <summary>What the block is: <c>paragraph</c>, <c>title</c>, <c>heading</c>, <c>table</c>, …</summary>
    public required string Kind { get; init; }

    /// <summary>Position in the page's reading order, from 0.</summary>
    public int Order { get; init; }

    /// <summary>The block's text, lines joined by newlines.</summary>
    public required string Text { get; init; }

    /// <summary>Axis-aligned bounds in page pixels.</summary>
    public required Box Bbox { get; init; }

    /// <summary>Text lines in reading order.</summary>
    public IReadOnlyList<Line> Lines { get; init; } = [];

    /// <summary>Heading level from 1 (largest) for <c>heading</c> blocks; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Level { get; init; }

    /// <summary>Rows, columns and cells of a <c>table</c> block (its <see cref="Text"/> holds the Markdown or HTML); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Table? Table { get; init; }

    /// <summary>LaTeX source of a <c>formula</c> block (its <see cref="Text"/> holds it between <c>$$</c> for Markdown); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Latex { get; init; }

    /// <summary>Engine that produced this block's text when it differs by block (e.g. <c>vlm</c>, or <c>ppocr</c> after a fallback); null when the page's engine did.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Engine { get; init; }

    /// <summary>Why the page's engine was not used for this block (e.g. <c>length</c>, <c>repetition</c>, <c>timeout</c>, <c>server</c>, <c>malformed</c>); null when it was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Fallback { get; init; }

    /// <summary>Set when the document was assembled: the paragraph goes on at the top of the next page.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ContinuesOnNextPage { get; init; }

    /// <summary>Set when the document was assembled: the paragraph began at the bottom of the previous page.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ContinuedFromPreviousPage { get; init; }

    /// <summary>Set when the document was assembled: the block repeats on other pages (running header, footer or page number).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Repeated { get; init; }
}

/// <summary>One recognised text line.</summary>
public sealed record Line
{
    /// <summary>Recognised text.</summary>
    public required string Text { get; init; }

    /// <summary>Mean probability of the recognised characters, 0 to 1.</summary>
    public required float Confidence { get; init; }

    /// <summary>Four corners in page pixels: top-left, top-right, bottom-right, bottom-left of the text as read.</summary>
    public required IReadOnlyList<Point> Polygon { get; init; }

    /// <summary>Words with boxes estimated from the recognizer's time steps.</summary>
    public IReadOnlyList<Word> Words { get; init; } = [];
}

/// <summary>A word within a line.</summary>
/// <param name="Text">The word.</param>
/// <param name="Bbox">Axis-aligned bounds in page pixels.</param>
/// <param name="Confidence">Mean probability of its characters.</param>
public sealed record Word(string Text, Box Bbox, float Confidence);

/// <summary>A point in page pixels.</summary>
/// <param name="X">Distance from the left edge.</param>
/// <param name="Y">Distance from the top edge.</param>
public readonly record struct Point(float X, float Y);

/// <summary>An axis-aligned rectangle in page pixels.</summary>
/// <param name="Left">Left edge.</param>
/// <param name="Top">Top edge.</param>
/// <param name="Right">Right edge.</param>
/// <param name="Bottom">Bottom edge.</param>
public readonly record struct Box(float Left, float Top, float Right, float Bottom)
{
    /// <summary>Right minus left.</summary>
    [JsonIgnore] public float Width => Right - Left;

    /// <summary>Bottom minus top.</summary>
    [JsonIgnore] public float Height => Bottom - Top;

    /// <summary>The smallest box around the given points.</summary>
    public static Box Around(IEnumerable<Point> points)
    {
        float l = float.MaxValue, t = float.MaxValue, r = float.MinValue, b = float.MinValue;
        foreach (var p in points)
        {
            l = MathF.Min(l, p.X);
            t = MathF.Min(t, p.Y);
            r = MathF.Max(r, p.X);
            b = MathF.Max(b, p.Y);
        }

        return new Box(l, t, r, b);
    }

    /// <summary>The smallest box around both boxes.</summary>
    public Box Union(Box other) =>
        new(MathF.Min(Left, other.Left), MathF.Min(Top, other.Top), MathF.Max(Right, other.Right), MathF.Max(Bottom, other.Bottom));
}

/// <summary>What produced a result: engine, models, device and time spent per stage.</summary>
public sealed record Provenance
{
    /// <summary>Engine name, e.g. <c>ppocr</c>.</summary>
    public required string Engine { get; init; }

    /// <summary>Where the text came from: <c>ocr</c> (recognised from the raster) or <c>textLayer</c> (the PDF's own text).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    /// <summary>Execution provider that ran the models, e.g. <c>CPU</c> or <c>CUDA</c>.</summary>
    public string? Device { get; init; }

    /// <summary>Model file names and the first 12 hex digits of their SHA-256.</summary>
    public IReadOnlyDictionary<string, string> Models { get; init; } = new Dictionary<string, string>();

    /// <summary>Milliseconds per stage (render, detect, classify, recognize, layout).</summary>
    public IReadOnlyDictionary<string, double> TimingsMs { get; init; } = new Dictionary<string, double>();
}
