using System.Globalization;

namespace Folio.Documents;

/// <summary>Counts from one PDF page's text layer, the input of <see cref="TextLayerJudge"/>.</summary>
/// <param name="Letters">Glyphs drawn as text.</param>
/// <param name="Unmapped">Glyphs that map to no character (empty, U+FFFD, control characters).</param>
/// <param name="PrivateUse">Glyphs that map to private-use code points (U+E000–U+F8FF and the supplementary planes).</param>
/// <param name="CidArtefacts">Occurrences of <c>(cid:</c> in the text: glyph ids leaked by a converter.</param>
/// <param name="Invisible">Glyphs drawn with rendering mode 3 (neither fill nor stroke), as OCR tools put over scans.</param>
/// <param name="TextCoverage">Area of the words' boxes over the page area, 0 to 1.</param>
/// <param name="ImageCoverage">Area of the images over the page area, 0 to 1 (clamped).</param>
public sealed record TextLayerStats(int Letters, int Unmapped, int PrivateUse, int CidArtefacts, int Invisible, double TextCoverage, double ImageCoverage);

/// <summary>Whether a page is read from its text layer, and why.</summary>
/// <param name="UseTextLayer">True: read the text layer, skip OCR.</param>
/// <param name="Reason">A short reason, recorded in the manifest.</param>
public sealed record TextLayerVerdict(bool UseTextLayer, string Reason);

/// <summary>
/// Judges a page's text layer from its counts, pure. A page is read as born-digital when it has text, at most
/// <see cref="MaxBadShare"/> of its glyphs map to nothing or to private-use code points (each <c>(cid:</c>
/// artefact counts as five bad glyphs), and it is not a scan: an image over half the page with little visible
/// text (<see cref="MinScanTextCoverage"/>) or with mostly invisible text (an already-OCR'd scan, accepted only
/// when <c>acceptInvisibleText</c>).
/// </summary>
public static class TextLayerJudge
{
    /// <summary>Fewest glyphs for a page to count as having text.</summary>
    public const int MinLetters = 1;

    /// <summary>Largest share of bad glyphs.</summary>
    public const double MaxBadShare = 0.05;

    /// <summary>Images covering more than this share of the page make it look like a scan.</summary>
    public const double ScanImageCoverage = 0.5;

    /// <summary>On a page that looks like a scan, visible text covering less than this share of it is not the page's text.</summary>
    public const double MinScanTextCoverage = 0.02;

    /// <summary>Judges one page.</summary>
    /// <param name="stats">The page's counts.</param>
    /// <param name="acceptInvisibleText">Whether invisible text over a scan (an earlier OCR) is trusted.</param>
    public static TextLayerVerdict Judge(TextLayerStats stats, bool acceptInvisibleText = false)
    {
        ArgumentNullException.ThrowIfNull(stats);
        if (stats.Letters < MinLetters)
        {
            return new(false, "no text layer");
        }

        var bad = stats.Unmapped + stats.PrivateUse + (5.0 * stats.CidArtefacts);
        if (bad / stats.Letters > MaxBadShare)
        {
            return new(false, string.Create(CultureInfo.InvariantCulture, $"glyphs without characters: {100 * bad / stats.Letters:F1}%"));
        }

        var invisibleShare = (double)stats.Invisible / stats.Letters;
        if (stats.ImageCoverage >= ScanImageCoverage)
        {
            if (invisibleShare > 0.5)
            {
                return acceptInvisibleText ? new(true, "invisible text over a scan (earlier OCR), accepted") : new(false, "invisible text over a scan (earlier OCR)");
            }

            if (stats.TextCoverage < MinScanTextCoverage)
            {
                return new(false, "image page with little text");
            }
        }
        else if (invisibleShare > 0.5)
        {
            return new(false, "mostly invisible text");
        }

        return new(true, "text layer");
    }
}
