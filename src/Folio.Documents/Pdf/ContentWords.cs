using UglyToad.PdfPig.Content;

namespace Folio.Documents;

/// <summary>
/// One glyph of a page's text layer, in PDF points with the origin at the bottom-left (PdfPig's frame): where its
/// pen starts and ends on the baseline, its size and its drawn box.
/// </summary>
/// <param name="Value">The glyph's text (empty when unmapped; whitespace for a space character).</param>
/// <param name="StartX">Pen position where the glyph starts, x.</param>
/// <param name="StartY">Pen position where the glyph starts, y (the baseline).</param>
/// <param name="EndX">Pen position after the glyph (its advance), x.</param>
/// <param name="EndY">Pen position after the glyph, y.</param>
/// <param name="Size">Point size.</param>
/// <param name="Box">Drawn box: left, bottom, right, top.</param>
public sealed record TextLayerGlyph(string Value, double StartX, double StartY, double EndX, double EndY, double Size, (double Left, double Bottom, double Right, double Top) Box)
{
    /// <summary>The glyph of a PdfPig letter.</summary>
    public static TextLayerGlyph From(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var b = letter.BoundingBox;
        double left = Math.Min(Math.Min(b.BottomLeft.X, b.BottomRight.X), Math.Min(b.TopLeft.X, b.TopRight.X));
        double right = Math.Max(Math.Max(b.BottomLeft.X, b.BottomRight.X), Math.Max(b.TopLeft.X, b.TopRight.X));
        double bottom = Math.Min(Math.Min(b.BottomLeft.Y, b.BottomRight.Y), Math.Min(b.TopLeft.Y, b.TopRight.Y));
        double top = Math.Max(Math.Max(b.BottomLeft.Y, b.BottomRight.Y), Math.Max(b.TopLeft.Y, b.TopRight.Y));
        var size = letter.PointSize > 0 ? letter.PointSize : Math.Max(1, top - bottom);
        return new TextLayerGlyph(letter.Value, letter.StartBaseLine.X, letter.StartBaseLine.Y, letter.EndBaseLine.X, letter.EndBaseLine.Y, size, (left, bottom, right, top));
    }
}

/// <summary>
/// Words from glyphs in the order the PDF draws them (its content stream), not sorted by position: a glyph joins
/// the word before it when it goes on along the same writing direction, at most <see cref="MaxGapInSizes"/> of the
/// type size after it (kerning may step back), and its baseline is within <see cref="MaxRiseInSizes"/> of it (raised
/// or lowered letters of one word: the LaTeX logo, small caps, superscripts). A space glyph, a wider gap, a new line
/// or a jump elsewhere (the next column, a running head) starts another word. Words on one baseline on both sides
/// of a column gutter therefore never join, and the words come in the PDF's own reading order.
/// </summary>
public static class ContentWords
{
    /// <summary>Widest gap inside a word, in type sizes: TeX's word spaces are 0.16 em or more, its kerns under 0.1 em.</summary>
    public const double MaxGapInSizes = 0.12;

    /// <summary>Furthest a glyph may step back (a negative kern) and stay in the word, in type sizes.</summary>
    public const double MaxBackstepInSizes = 0.6;

    /// <summary>Largest baseline shift inside a word, in type sizes.</summary>
    public const double MaxRiseInSizes = 0.5;

    /// <summary>Groups glyphs, in content order, into words (each a run of consecutive glyphs); whitespace glyphs are dropped.</summary>
    public static List<List<TextLayerGlyph>> Group(IReadOnlyList<TextLayerGlyph> glyphs)
    {
        ArgumentNullException.ThrowIfNull(glyphs);
        var words = new List<List<TextLayerGlyph>>();
        List<TextLayerGlyph>? current = null;
        foreach (var glyph in glyphs)
        {
            if (glyph.Value.Length > 0 && string.IsNullOrWhiteSpace(glyph.Value))
            {
                current = null;
                continue;
            }

            if (current is not null && Continues(current[^1], glyph))
            {
                current.Add(glyph);
                continue;
            }

            current = [glyph];
            words.Add(current);
        }

        return words;
    }

    /// <summary>Whether <paramref name="next"/> goes on the word that <paramref name="previous"/> ends.</summary>
    public static bool Continues(TextLayerGlyph previous, TextLayerGlyph next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var (dx, dy) = Direction(previous);
        var (nx, ny) = Direction(next);
        if ((dx * nx) + (dy * ny) < 0.9)
        {
            return false;
        }

        var size = Math.Max(previous.Size, next.Size);
        double ox = next.StartX - previous.EndX, oy = next.StartY - previous.EndY;
        var along = (ox * dx) + (oy * dy);
        var across = (-ox * dy) + (oy * dx);
        return along <= MaxGapInSizes * size && along >= -MaxBackstepInSizes * size && Math.Abs(across) <= MaxRiseInSizes * size;
    }

    /// <summary>Text of a word: its glyphs joined without spaces.</summary>
    public static string Text(IEnumerable<TextLayerGlyph> word) => string.Concat(word.Select(g => g.Value));

    /// <summary>
    /// The word's box with a top-left origin: for horizontal words from 0.8 of the largest type size above the
    /// baseline of the largest glyphs to 0.2 below it (every word of a line the same height, raised letters or not),
    /// across the glyphs' pen positions and drawn boxes; for other directions the drawn boxes' bounds.
    /// </summary>
    public static TextLayerWord ToWord(IReadOnlyList<TextLayerGlyph> word, double pageHeight)
    {
        ArgumentNullException.ThrowIfNull(word);
        var text = Text(word);
        var (dx, dy) = Direction(word[0]);
        if (dx > 0.99 && Math.Abs(dy) < 0.05)
        {
            var size = word.Max(g => g.Size);
            var baseline = word.Where(g => g.Size >= 0.95 * size).Average(g => g.StartY);
            var left = word.Min(g => Math.Min(g.StartX, g.Box.Left));
            var right = word.Max(g => Math.Max(g.EndX, g.Box.Right));
            return new TextLayerWord(text, left, pageHeight - (baseline + (0.8 * size)), right, pageHeight - (baseline - (0.2 * size)));
        }

        double l = word.Min(g => g.Box.Left), r = word.Max(g => g.Box.Right), b = word.Min(g => g.Box.Bottom), t = word.Max(g => g.Box.Top);
        return new TextLayerWord(text, l, pageHeight - t, r, pageHeight - b);
    }

    /// <summary>Words of a page's letters, in content order, boxed with a top-left origin; words that are only whitespace or empty are dropped.</summary>
    public static List<TextLayerWord> Read(IReadOnlyList<Letter> letters, double pageHeight)
    {
        ArgumentNullException.ThrowIfNull(letters);
        return Group(letters.Select(TextLayerGlyph.From).ToList())
            .Select(w => ToWord(w, pageHeight))
            .Where(w => !string.IsNullOrWhiteSpace(w.Text))
            .ToList();
    }

    /// <summary>Unit writing direction of a glyph from its pen advance; along +x when it has none.</summary>
    private static (double X, double Y) Direction(TextLayerGlyph glyph)
    {
        double x = glyph.EndX - glyph.StartX, y = glyph.EndY - glyph.StartY;
        var length = Math.Sqrt((x * x) + (y * y));
        return length < 1e-6 ? (1, 0) : (x / length, y / length);
    }
}
