using Folio.Bench;
using Folio.Documents;

namespace Folio.AccuracyBench;

/// <summary>One page image as both readers get it: the encoded file bytes and the dpi it was rendered at.</summary>
internal sealed record PageImage(SourcePage Page, string Condition, byte[] Bytes, string Extension, int Dpi)
{
    public string FileName => $"{FileNames.Safe(Page.Set)}-{FileNames.Safe(Page.Name)}-{Condition}.{Extension}";
}

/// <summary>Renders the pages under each condition.</summary>
internal static class PageImages
{
    public const int CleanDpi = 150;
    public const int DegradedDpi = 100;

    /// <summary>
    /// <c>clean</c>: rendered by poppler at 150 dpi, PNG. <c>degraded</c>: rendered at 100 dpi, then turned, blurred,
    /// noised and saved as a low-quality JPEG (<see cref="Degradation"/>), with a seed fixed by the page's name.
    /// </summary>
    public static PageImage Make(SourcePage page, string condition)
    {
        using var document = DocumentOpener.Open(PdfCache.Bytes(page.PdfPath), DocumentLimits.Default);
        return condition switch
        {
            "clean" => new PageImage(page, condition, Png.Encode(document.RenderPage(page.PageIndex, CleanDpi)), "png", CleanDpi),
            "degraded" => new PageImage(page, condition, Degradation.Apply(document.RenderPage(page.PageIndex, DegradedDpi), Degradation.SeedFor(page.Set + "/" + page.Name)), "jpg", DegradedDpi),
            _ => throw new ArgumentException($"unknown condition {condition}"),
        };
    }
}

/// <summary>File names made from page names.</summary>
internal static class FileNames
{
    public static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}
