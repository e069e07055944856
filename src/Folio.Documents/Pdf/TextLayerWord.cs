namespace Folio.Documents;

/// <summary>
/// A word of a PDF's text layer, boxed in PDF points with the origin at the page's TOP-LEFT corner
/// (y grows downwards, like raster rows): multiply by dpi / 72 to get pixels of a rendered page.
/// </summary>
/// <param name="Text">The word as the PDF encodes it.</param>
/// <param name="Left">Left edge in points.</param>
/// <param name="Top">Top edge in points from the top of the page.</param>
/// <param name="Right">Right edge in points.</param>
/// <param name="Bottom">Bottom edge in points from the top of the page (greater than <paramref name="Top"/>).</param>
public sealed record TextLayerWord(string Text, double Left, double Top, double Right, double Bottom);
