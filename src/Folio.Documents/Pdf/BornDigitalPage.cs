using Folio.Contracts;
using Folio.Pages;
using Folio.Pages.Layout;

namespace Folio.Documents;

/// <summary>
/// A <see cref="PageResult"/> from a page's text layer: words scaled from points to pixels at the render dpi
/// (× dpi / 72), grouped into lines by <see cref="WordLines"/> and laid out by <see cref="PageLayout"/>, the
/// stage OCR results go through, so both paths give the same shape. Provenance source: <c>textLayer</c>.
/// </summary>
public static class BornDigitalPage
{
    /// <summary>Engine name reported for text-layer pages.</summary>
    public const string Engine = "textLayer";

    /// <summary>Builds the page result.</summary>
    /// <param name="page">The page's text layer.</param>
    /// <param name="pageNumber">1-based page number to report.</param>
    /// <param name="dpi">The resolution the page would be rendered at.</param>
    /// <param name="extraTimingsMs">Stage timings measured by the caller (e.g. read) to include in provenance.</param>
    public static PageResult Build(TextLayerPage page, int pageNumber, int dpi, IReadOnlyDictionary<string, double>? extraTimingsMs = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scale = (float)(dpi / 72.0);
        var (width, height) = new PageSize(page.Width, page.Height).ToPixels(dpi);
        var words = page.Words
            .Select(w => new Word(w.Text, new Box((float)w.Left * scale, (float)w.Top * scale, (float)w.Right * scale, (float)w.Bottom * scale), 1f))
            .ToList();
        var blocks = PageLayout.Build(WordLines.Build(words), width, height);
        var timings = extraTimingsMs is null ? new Dictionary<string, double>() : new Dictionary<string, double>(extraTimingsMs);
        timings["layout"] = Math.Round(clock.Elapsed.TotalMilliseconds, 2);
        return RenderedPage.ShellOf(pageNumber, width, height, dpi) with
        {
            Blocks = blocks,
            Provenance = new Provenance { Engine = Engine, Source = "textLayer", TimingsMs = timings },
        };
    }
}
