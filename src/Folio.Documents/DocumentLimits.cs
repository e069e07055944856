namespace Folio.Documents;

/// <summary>
/// Bounds that protect the process from oversized uploads and decompression bombs.
/// Sizes are checked before any full raster is decoded or rendered; times bound poppler's calls, which cannot be
/// interrupted (<see cref="NativeWatchdog"/>).
/// </summary>
public sealed record DocumentLimits
{
    /// <summary>The defaults: 200 MiB, 80 megapixels per page raster, 200-inch page sides, 5000 pages, 30 s to open a PDF and 30 s to render a page.</summary>
    public static DocumentLimits Default { get; } = new();

    /// <summary>Largest accepted upload in bytes (default 200 MiB).</summary>
    public long MaxBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>
    /// Most pixels in one page raster: an image's declared width × height, or a PDF page's size at
    /// the requested dpi (default 80,000,000, about 320 MB of BGRA).
    /// </summary>
    public long MaxPixels { get; init; } = 80_000_000;

    /// <summary>Longest accepted PDF page side in points (default 14,400 = 200 inches).</summary>
    public double MaxPageSidePoints { get; init; } = 14_400;

    /// <summary>Most pages (PDF pages or TIFF frames) in one document (default 5000).</summary>
    public int MaxPages { get; init; } = 5000;

    /// <summary>
    /// Longest time poppler may take to open a PDF (default 30 s). Past it the caller gets a
    /// <see cref="DocumentErrorKind.TooComplex"/> error and the call is left to finish on its own thread.
    /// </summary>
    public TimeSpan MaxParseTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest time poppler may take to render one PDF page (default 30 s). Past it the caller gets a
    /// <see cref="DocumentErrorKind.TooComplex"/> error and the render is left to finish on its own thread.
    /// </summary>
    public TimeSpan MaxRenderTime { get; init; } = TimeSpan.FromSeconds(30);
}
