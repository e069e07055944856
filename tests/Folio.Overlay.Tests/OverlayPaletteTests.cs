namespace Folio.Overlay.Tests;

public class OverlayPaletteTests
{
    [Fact]
    public void Every_kind_has_its_own_colour_and_unknown_kinds_share_one()
    {
        Assert.Equal(0xFF43A047u, OverlayPalette.OutlineOf("paragraph"));
        Assert.Equal(0xFFF4511Eu, OverlayPalette.OutlineOf("table"));
        Assert.Equal(OverlayPalette.OtherKind, OverlayPalette.OutlineOf("figure"));
        Assert.Equal(OverlayPalette.Kinds.Count, OverlayPalette.Kinds.Select(k => k.Colour).Distinct().Count());
    }

    [Theory]
    [InlineData(0.5f, true)]
    [InlineData(0.79f, true)]
    [InlineData(0.8f, false)]
    [InlineData(0.99f, false)]
    [InlineData(float.NaN, true)]
    public void Lines_under_0_8_are_low_confidence(float confidence, bool low) =>
        Assert.Equal(low, OverlayPalette.IsLowConfidence(confidence));

    [Fact]
    public void Alpha_is_replaced_not_mixed() =>
        Assert.Equal(0x1C43A047u, OverlayPalette.WithAlpha(0xFF43A047, 0x1C));
}
