namespace Folio.Overlay;

/// <summary>
/// Colours of the overlay, as 0xAARRGGBB. The viewer's stylesheet (src/Inference/wwwroot/viewer.css) uses the
/// same block colours, so a picture and the viewer read alike.
/// </summary>
public static class OverlayPalette
{
    /// <summary>Lines below this confidence are marked (hatched red).</summary>
    public const float LowConfidence = 0.8f;

    /// <summary>Outline of a line quad.</summary>
    public const uint Line = 0xFF0288D1;

    /// <summary>Outline and hatching of a low-confidence line.</summary>
    public const uint LowConfidenceLine = 0xFFE53935;

    /// <summary>Outline of a block whose kind is not one of the known ones.</summary>
    public const uint OtherKind = 0xFFC0CA33;

    /// <summary>Block kinds in legend order, with their outline colours.</summary>
    public static IReadOnlyList<(string Kind, uint Colour)> Kinds { get; } =
    [
        ("title", 0xFF8E24AA),
        ("heading", 0xFF1E88E5),
        ("paragraph", 0xFF43A047),
        ("listItem", 0xFF00897B),
        ("table", 0xFFF4511E),
        ("footnote", 0xFF6D4C41),
        ("pageHeader", 0xFF546E7A),
        ("pageFooter", 0xFF78909C),
        ("pageNumber", 0xFFAD1457),
    ];

    /// <summary>The outline colour of a block kind; <see cref="OtherKind"/> for an unknown one.</summary>
    public static uint OutlineOf(string kind)
    {
        foreach (var (known, colour) in Kinds)
        {
            if (string.Equals(known, kind, StringComparison.Ordinal))
            {
                return colour;
            }
        }

        return OtherKind;
    }

    /// <summary>The same colour with another alpha (0 to 255).</summary>
    public static uint WithAlpha(uint colour, byte alpha) => (colour & 0x00FFFFFF) | ((uint)alpha << 24);

    /// <summary>Whether a line is marked as low confidence (NaN counts as low).</summary>
    public static bool IsLowConfidence(float confidence) => !(confidence >= LowConfidence);
}
