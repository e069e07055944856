using Folio.Contracts;
using Folio.Pages.Imaging;
using SkiaSharp;

namespace Folio.Overlay;

/// <summary>
/// Draws what OCR saw on a page: the raster (or a blank page of the same size), block outlines coloured by kind,
/// line quads, low-confidence lines hatched in red, reading-order numbers and a legend band below the page.
/// </summary>
public static class OverlayRenderer
{
    /// <summary>Longest side of a picture unless told otherwise.</summary>
    public const int DefaultMaxSide = 2000;

    private const float BlockStroke = 3f;
    private const float LineStroke = 1.5f;
    private const float HatchSpacing = 6f;

    /// <summary>Legend entries after the block kinds.</summary>
    internal static readonly string[] ExtraLegend = ["line", $"confidence < {OverlayPalette.LowConfidence:0.00}", "reading order"];

    /// <summary>Renders the overlay of <paramref name="page"/> and encodes it as PNG.</summary>
    /// <param name="page">The page result; its width and height are the page's pixel size.</param>
    /// <param name="raster">The page raster, stretched over the page's size; null for a blank page.</param>
    /// <param name="maxSide">Longest side of the picture, legend included.</param>
    public static byte[] RenderPng(PageResult page, RasterImage? raster, int maxSide = DefaultMaxSide)
    {
        using var bitmap = Render(page, raster, maxSide);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Renders the overlay of <paramref name="page"/> into a new bitmap (the caller disposes it).</summary>
    public static SKBitmap Render(PageResult page, RasterImage? raster, int maxSide = DefaultMaxSide)
    {
        ArgumentNullException.ThrowIfNull(page);
        var layout = OverlayGeometry.Layout(page.Width, page.Height, maxSide, OverlayPalette.Kinds.Count + ExtraLegend.Length);
        var bitmap = new SKBitmap(new SKImageInfo(layout.Width, layout.Height, SKColorType.Bgra8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        var pageRect = new SKRect(0, 0, layout.Width, layout.PageHeight);
        // Boxes are on the page as it was read: a page read turned gets its raster turned too.
        DrawRaster(canvas, page.Rotation == 180 ? raster?.Rotated180() : raster, pageRect);
        using var typeface = OverlayFonts.Sans();
        var blocks = page.Blocks.OrderBy(b => b.Order).ToList();
        foreach (var block in blocks)
        {
            using var fill = new SKPaint { Color = OverlayPalette.WithAlpha(OverlayPalette.OutlineOf(block.Kind), 0x1C), Style = SKPaintStyle.Fill };
            canvas.DrawRect(ToRect(OverlayGeometry.Scale(block.Bbox, layout.Scale)), fill);
        }

        foreach (var line in blocks.SelectMany(b => b.Lines))
        {
            DrawLine(canvas, line, layout.Scale);
        }

        foreach (var block in blocks)
        {
            using var stroke = new SKPaint { Color = OverlayPalette.OutlineOf(block.Kind), Style = SKPaintStyle.Stroke, StrokeWidth = BlockStroke, IsAntialias = false };
            canvas.DrawRect(ToRect(OverlayGeometry.Scale(block.Bbox, layout.Scale)), stroke);
        }

        var fontSize = OverlayGeometry.LabelFontSize(blocks.SelectMany(b => b.Lines).Select(l => Box.Around(l.Polygon).Height), layout.Scale);
        using var labelFont = new SKFont(typeface, fontSize);
        foreach (var block in blocks)
        {
            DrawLabel(canvas, labelFont, block, layout);
        }

        DrawLegend(canvas, typeface, layout);
        return bitmap;
    }

    private static void DrawRaster(SKCanvas canvas, RasterImage? raster, SKRect pageRect)
    {
        if (raster is null)
        {
            return;
        }

        var info = new SKImageInfo(raster.Width, raster.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        using var image = SKImage.FromPixelCopy(info, raster.Bgra.AsSpan(), raster.Stride);
        if (image is null)
        {
            return;
        }

        canvas.DrawImage(image, pageRect, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        // A light wash so that the drawing stands out from dark print.
        using var wash = new SKPaint { Color = new SKColor(255, 255, 255, 0x48) };
        canvas.DrawRect(pageRect, wash);
    }

    private static void DrawLine(SKCanvas canvas, Line line, double scale)
    {
        if (line.Polygon.Count < 3)
        {
            return;
        }

        using var path = new SKPath();
        path.MoveTo((float)(line.Polygon[0].X * scale), (float)(line.Polygon[0].Y * scale));
        foreach (var p in line.Polygon.Skip(1))
        {
            path.LineTo((float)(p.X * scale), (float)(p.Y * scale));
        }

        path.Close();
        var low = OverlayPalette.IsLowConfidence(line.Confidence);
        if (low)
        {
            using var tint = new SKPaint { Color = OverlayPalette.WithAlpha(OverlayPalette.LowConfidenceLine, 0x30), Style = SKPaintStyle.Fill };
            canvas.DrawPath(path, tint);
            canvas.Save();
            canvas.ClipPath(path, antialias: true);
            var bounds = path.Bounds;
            using var hatch = new SKPaint { Color = OverlayPalette.WithAlpha(OverlayPalette.LowConfidenceLine, 0xA0), StrokeWidth = 1.2f, IsAntialias = true };
            for (var x = bounds.Left - bounds.Height; x < bounds.Right; x += HatchSpacing)
            {
                canvas.DrawLine(x, bounds.Bottom, x + bounds.Height, bounds.Top, hatch);
            }

            canvas.Restore();
        }

        using var stroke = new SKPaint
        {
            Color = low ? OverlayPalette.LowConfidenceLine : OverlayPalette.WithAlpha(OverlayPalette.Line, 0xC0),
            Style = SKPaintStyle.Stroke,
            StrokeWidth = low ? 2f : LineStroke,
            IsAntialias = true,
        };
        canvas.DrawPath(path, stroke);
    }

    private static void DrawLabel(SKCanvas canvas, SKFont font, Block block, OverlayLayout layout)
    {
        var text = (block.Order + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var textWidth = font.MeasureText(text);
        var height = font.Size * 1.3f;
        var width = Math.Max(height, textWidth + (font.Size * 0.6f));
        var (x, y) = OverlayGeometry.LabelPosition(OverlayGeometry.Scale(block.Bbox, layout.Scale), width, height, layout.Width);
        using var background = new SKPaint { Color = OverlayPalette.OutlineOf(block.Kind), IsAntialias = true };
        canvas.DrawRoundRect(new SKRect(x, y, x + width, y + height), 4, 4, background);
        using var ink = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText(text, x + (width / 2), y + (height * 0.5f) + (font.Size * 0.36f), SKTextAlign.Center, font, ink);
    }

    private static void DrawLegend(SKCanvas canvas, SKTypeface typeface, OverlayLayout layout)
    {
        using var band = new SKPaint { Color = new SKColor(0xF4, 0xF4, 0xF4) };
        canvas.DrawRect(new SKRect(0, layout.PageHeight, layout.Width, layout.Height), band);
        using var rule = new SKPaint { Color = new SKColor(0xBD, 0xBD, 0xBD), StrokeWidth = 1 };
        canvas.DrawLine(0, layout.PageHeight + 0.5f, layout.Width, layout.PageHeight + 0.5f, rule);
        using var font = new SKFont(typeface, 15);
        using var ink = new SKPaint { Color = new SKColor(0x21, 0x21, 0x21), IsAntialias = true };
        var entries = OverlayPalette.Kinds.Select(k => new LegendEntry(k.Kind, k.Colour, LegendMark.Block))
            .Append(new LegendEntry(ExtraLegend[0], OverlayPalette.Line, LegendMark.Line))
            .Append(new LegendEntry(ExtraLegend[1], OverlayPalette.LowConfidenceLine, LegendMark.LowConfidence))
            .Append(new LegendEntry(ExtraLegend[2], 0xFF424242, LegendMark.Label))
            .ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var (x, y) = OverlayGeometry.LegendCell(i, layout.Width, layout.PageHeight);
            var entry = entries[i];
            var swatch = new SKRect(x + 2, y + 6, x + 30, y + 22);
            using var paint = new SKPaint
            {
                Color = entry.Mark == LegendMark.LowConfidence ? OverlayPalette.WithAlpha(entry.Colour, 0x60) : entry.Colour,
                Style = entry.Mark is LegendMark.Block or LegendMark.Line ? SKPaintStyle.Stroke : SKPaintStyle.Fill,
                StrokeWidth = entry.Mark == LegendMark.Block ? BlockStroke : LineStroke,
                IsAntialias = true,
            };
            canvas.DrawRect(swatch, paint);
            canvas.DrawText(entry.Label, x + 38, y + 19, SKTextAlign.Left, font, ink);
        }
    }

    private static SKRect ToRect(Box box) => new(box.Left, box.Top, box.Right, box.Bottom);

    private enum LegendMark
    {
        Block,
        Line,
        LowConfidence,
        Label,
    }

    private sealed record LegendEntry(string Label, uint Colour, LegendMark Mark);
}
