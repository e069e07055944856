using System.Globalization;
using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Pages.Imaging;

namespace Folio.Overlay;

/// <summary>
/// Writes one overlay picture per page of a finished document, next to its outputs: <c>NAME.page-001.overlay.png</c>.
/// Page rasters come from the source again: images as decoded for OCR, PDF pages (OCR'd or born-digital) rendered
/// by poppler at the page's dpi, so the JSON's pixel coordinates land on the same pixels.
/// </summary>
public static class PageOverlayWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The file name of page <paramref name="index"/>'s picture.</summary>
    public static string FileName(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}.page-{index:000}.overlay.png");

    /// <summary>The pages of a document JSON written by the pipeline (top-level <c>pages</c>), or of a single PageResult.</summary>
    /// <exception cref="JsonException">The file is not such a document.</exception>
    public static IReadOnlyList<PageResult> ReadPages(string jsonPath)
    {
        using var stream = File.OpenRead(jsonPath);
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("pages", out var pages) && pages.ValueKind == JsonValueKind.Array)
        {
            return pages.Deserialize<List<PageResult>>(JsonOptions) ?? [];
        }

        return root.Deserialize<PageResult>(JsonOptions) is { } single ? [single] : [];
    }

    /// <summary>Writes the pictures of the read pages (failed pages have nothing to show) and returns their paths.</summary>
    /// <param name="sourcePath">The document that was read; when it cannot be opened, pages are drawn on blank rasters.</param>
    /// <param name="pages">Its page results.</param>
    /// <param name="outDir">Folder to write to (created if missing).</param>
    /// <param name="dpi">PDF rendering resolution for pages that name none.</param>
    /// <param name="warn">Told why a page is drawn without its raster.</param>
    /// <param name="maxSide">Longest side of each picture.</param>
    public static IReadOnlyList<string> Write(string sourcePath, IEnumerable<PageResult> pages, string outDir, int dpi, Action<string>? warn = null, int maxSide = OverlayRenderer.DefaultMaxSide)
    {
        ArgumentNullException.ThrowIfNull(pages);
        Directory.CreateDirectory(outDir);
        var name = Path.GetFileNameWithoutExtension(sourcePath);
        IDocument? document = null;
        try
        {
            document = DocumentOpener.Open(File.ReadAllBytes(sourcePath), DocumentLimits.Default);
        }
        catch (Exception ex) when (ex is DocumentException or DllNotFoundException or IOException)
        {
            warn?.Invoke($"overlays drawn on blank pages: {sourcePath} could not be opened ({ex.Message})");
        }

        using (document)
        {
            var written = new List<string>();
            foreach (var page in pages.Where(p => p.Status == PageStatus.Succeeded && p.Width > 0 && p.Height > 0))
            {
                var raster = RasterOf(document, page, dpi, warn);
                var path = Path.Combine(outDir, FileName(name, page.PageNumber));
                File.WriteAllBytes(path, OverlayRenderer.RenderPng(page, raster, maxSide));
                written.Add(Path.GetFullPath(path));
            }

            return written;
        }
    }

    private static RasterImage? RasterOf(IDocument? document, PageResult page, int dpi, Action<string>? warn)
    {
        if (document is null)
        {
            return null;
        }

        try
        {
            var pageDpi = page.Dpi is > 0 and var d ? (int)Math.Round(d) : dpi;
            return document.RenderPage(page.PageNumber - 1, pageDpi);
        }
        catch (DocumentException ex)
        {
            warn?.Invoke($"page {page.PageNumber} drawn on a blank page: {ex.Message}");
            return null;
        }
    }
}
