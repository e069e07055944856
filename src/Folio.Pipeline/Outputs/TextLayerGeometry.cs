using Folio.Contracts;

namespace Folio.Pipeline;

/// <summary>
/// Where a word of the invisible text layer goes, in page pixels: the top-left corner of its box along the line, the
/// line's angle, the box's length along the line and its height across it.
/// </summary>
/// <param name="Text">What the word says; a word followed by another on its line carries a trailing space, and its box reaches that word.</param>
/// <param name="X">Top-left corner, from the left edge.</param>
/// <param name="Y">Top-left corner, from the top edge.</param>
/// <param name="AngleDegrees">Direction of the line, clockwise from the x axis (y points down).</param>
/// <param name="Length">Length of the box along the line.</param>
/// <param name="Height">Height of the box across the line: the line's height.</param>
public readonly record struct WordPlacement(string Text, double X, double Y, double AngleDegrees, double Length, double Height);

/// <summary>
/// An affine map of points, <c>x' = M11·x + M21·y + OffsetX</c>, <c>y' = M12·x + M22·y + OffsetY</c> (the layout of
/// PDFsharp's <c>XMatrix</c>).
/// </summary>
public readonly record struct Affine(double M11, double M12, double M21, double M22, double OffsetX, double OffsetY)
{
    /// <summary>The identity.</summary>
    public static Affine Identity { get; } = new(1, 0, 0, 1, 0, 0);

    /// <summary>Where the point goes.</summary>
    public (double X, double Y) Apply(double x, double y) => ((M11 * x) + (M21 * y) + OffsetX, (M12 * x) + (M22 * y) + OffsetY);

    /// <summary><paramref name="first"/>, then this map.</summary>
    public Affine After(Affine first) => new(
        (M11 * first.M11) + (M21 * first.M12),
        (M12 * first.M11) + (M22 * first.M12),
        (M11 * first.M21) + (M21 * first.M22),
        (M12 * first.M21) + (M22 * first.M22),
        (M11 * first.OffsetX) + (M21 * first.OffsetY) + OffsetX,
        (M12 * first.OffsetX) + (M22 * first.OffsetY) + OffsetY);
}

/// <summary>
/// The geometry of the searchable PDF's text layer, pure: words placed along their line's polygon, and the maps from
/// page pixels to a PDF page's drawing space.
/// </summary>
public static class TextLayerGeometry
{
    /// <summary>
    /// The words of a line, each at its box projected on the line's direction (the angle of the polygon's top edge),
    /// as tall as the line. An axis-aligned word box around a turned word is longer along the line than the word by
    /// twice <c>height·|cos·sin|</c>, which is taken off. A line without words is placed as one word.
    /// </summary>
    public static IReadOnlyList<WordPlacement> Place(Line line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Polygon.Count < 4 || string.IsNullOrWhiteSpace(line.Text))
        {
            return [];
        }

        var (p0, p1, p2, p3) = (line.Polygon[0], line.Polygon[1], line.Polygon[2], line.Polygon[3]);
        double dx = p1.X - p0.X, dy = p1.Y - p0.Y;
        if (Math.Sqrt((dx * dx) + (dy * dy)) < 1e-3)
        {
            (dx, dy) = (p2.X - p3.X, p2.Y - p3.Y);
        }

        var norm = Math.Sqrt((dx * dx) + (dy * dy));
        if (norm < 1e-3)
        {
            return [];
        }

        double ux = dx / norm, uy = dy / norm;
        // Across the line, "down" for its text: u turned a quarter clockwise (y points down).
        double nx = -uy, ny = ux;
        var height = Math.Abs((((p3.X - p0.X) * nx) + ((p3.Y - p0.Y) * ny) + ((p2.X - p1.X) * nx) + ((p2.Y - p1.Y) * ny)) / 2);
        if (height < 1)
        {
            height = Math.Max(1, Box.Around(line.Polygon).Height);
        }

        var angle = Math.Atan2(uy, ux) * 180 / Math.PI;
        double Along(double x, double y) => ((x - p0.X) * ux) + ((y - p0.Y) * uy);
        WordPlacement At(string text, double start, double length) => new(text, p0.X + (start * ux), p0.Y + (start * uy), angle, length, height);

        var words = line.Words.Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        if (words.Count == 0)
        {
            return [At(line.Text.Trim(), 0, Math.Max(1, Along(p1.X, p1.Y)))];
        }

        var spans = new List<(string Text, double Start, double Length)>(words.Count);
        var slack = 2 * height * Math.Abs(ux * uy);
        foreach (var word in words)
        {
            var b = word.Bbox;
            double[] s = [Along(b.Left, b.Top), Along(b.Right, b.Top), Along(b.Right, b.Bottom), Along(b.Left, b.Bottom)];
            double min = s.Min(), max = s.Max(), extent = max - min;
            var length = Math.Max(extent - slack, Math.Max(1, 0.25 * extent));
            spans.Add((word.Text.Trim(), ((min + max) / 2) - (length / 2), length));
        }

        var placed = new List<WordPlacement>(spans.Count);
        for (var i = 0; i < spans.Count; i++)
        {
            var (text, start, length) = spans[i];
            if (i + 1 < spans.Count && spans[i + 1].Start > start + (length / 2))
            {
                // The space belongs to the word before it: the box runs on to the next word.
                placed.Add(At(text + " ", start, Math.Max(length, spans[i + 1].Start - start)));
            }
            else
            {
                placed.Add(At(i + 1 < spans.Count ? text + " " : text, start, length));
            }
        }

        return placed;
    }

    /// <summary>
    /// From page pixels (the page as rendered, <paramref name="rotate"/> applied, cropped to the crop box) to the drawing
    /// space of PDFsharp's <c>XGraphics</c> on that page (points, y down from the top of the media box, /Rotate not applied).
    /// </summary>
    /// <param name="pixelWidth">Width of the rendered page in pixels.</param>
    /// <param name="pixelHeight">Height of the rendered page in pixels.</param>
    /// <param name="crop">The crop box (x1, y1, x2, y2) in default user space.</param>
    /// <param name="mediaHeight">Height of the media box: <c>XGraphics</c> draws with y = mediaHeight − Y.</param>
    /// <param name="rotate">The page's /Rotate: degrees clockwise it is turned when shown.</param>
    public static Affine PixelsToPage(double pixelWidth, double pixelHeight, (double X1, double Y1, double X2, double Y2) crop, double mediaHeight, int rotate)
    {
        var r = ((rotate % 360) + 360) % 360;
        double cw = crop.X2 - crop.X1, ch = crop.Y2 - crop.Y1;
        var (shownWidth, shownHeight) = r is 90 or 270 ? (ch, cw) : (cw, ch);
        double sx = shownWidth / Math.Max(1, pixelWidth), sy = shownHeight / Math.Max(1, pixelHeight);
        return r switch
        {
            90 => new Affine(0, -sx, sy, 0, crop.X1, mediaHeight - crop.Y1),
            180 => new Affine(-sx, 0, 0, -sy, crop.X2, mediaHeight - crop.Y1),
            270 => new Affine(0, sx, -sy, 0, crop.X2, mediaHeight - crop.Y2),
            _ => new Affine(sx, 0, 0, sy, crop.X1, mediaHeight - crop.Y2),
        };
    }

    /// <summary>The page's boxes back on the page as it came, for a page read turned by <paramref name="rotation"/> degrees (only 180 happens).</summary>
    public static Affine Unturn(int? rotation, double width, double height) =>
        (((rotation ?? 0) % 360) + 360) % 360 == 180 ? new Affine(-1, 0, 0, -1, width, height) : Affine.Identity;

    /// <summary>
    /// Where an image stored with EXIF orientation <paramref name="orientation"/> (1–8) and stored size
    /// <paramref name="storedWidth"/> × <paramref name="storedHeight"/> goes on the upright page: stored pixels to shown pixels.
    /// </summary>
    public static Affine ExifToUpright(int orientation, double storedWidth, double storedHeight) => orientation switch
    {
        2 => new Affine(-1, 0, 0, 1, storedWidth, 0),
        3 => new Affine(-1, 0, 0, -1, storedWidth, storedHeight),
        4 => new Affine(1, 0, 0, -1, 0, storedHeight),
        5 => new Affine(0, 1, 1, 0, 0, 0),
        6 => new Affine(0, 1, -1, 0, storedHeight, 0),
        7 => new Affine(0, -1, -1, 0, storedHeight, storedWidth),
        8 => new Affine(0, -1, 1, 0, 0, storedWidth),
        _ => Affine.Identity,
    };
}
