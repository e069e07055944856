using SkiaSharp;

namespace Folio.Overlay;

/// <summary>Finds a sans-serif typeface for labels: a common family, else a font file in the usual places, else Skia's default.</summary>
internal static class OverlayFonts
{
    private static readonly string[] Families = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

    private static readonly string[] Files =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ];

    /// <summary>A typeface the caller disposes.</summary>
    public static SKTypeface Sans()
    {
        foreach (var family in Families)
        {
            var match = SKFontManager.Default.MatchFamily(family);
            if (match is not null && match.GlyphCount > 0)
            {
                return match;
            }

            match?.Dispose();
        }

        foreach (var file in Files.Where(File.Exists))
        {
            if (SKTypeface.FromFile(file) is { GlyphCount: > 0 } typeface)
            {
                return typeface;
            }
        }

        return SKTypeface.CreateDefault();
    }
}
