using Folio.Contracts;
using Folio.Documents;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;
using SkiaSharp;

namespace Folio.Pipeline;

/// <summary>
/// The searchable PDF (<see cref="OutputFormats.Pdf"/>): the document's selected pages as they are, with the recognised
/// words laid over them as invisible text (rendering mode 3) at their boxes. PDF pages are copied from the source with
/// their content streams untouched: an OCR'd page gets its old content wrapped in <c>q</c>…<c>Q</c> and a text layer
/// stream after it; a page read from its own text layer (provenance <c>textLayer</c>), or one that failed, gets nothing.
/// An image becomes a page of its size at its own resolution (96 dpi when it states none): a JPEG embedded as the same
/// bytes (DCT passthrough), a PNG losslessly, a TIFF page as the lossless PNG preparation stored for it; other images
/// (BMP, GIF, WebP) are decoded as the pipeline decoded them and embedded losslessly. EXIF orientation is applied by placement, not by re-encoding.
/// </summary>
internal static class SearchablePdfWriter
{
    /// <summary>Size at which the text layer's fonts are set before each word is scaled to its box.</summary>
    private const double EmSize = 10;

    private static readonly byte[] TextRenderingInvisible = "3 Tr\n"u8.ToArray();

    /// <summary>Writes the PDF of <paramref name="pages"/> to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="title">The document's title (its source name).</param>
    /// <param name="source">The whole source document when it is a PDF; null for images.</param>
    /// <param name="pages">The selected page numbers, ascending.</param>
    /// <param name="pageImage">The stored image of a page (for image documents).</param>
    /// <param name="result">The result of a page, as assembled.</param>
    /// <param name="limits">Bounds for decoding images PDFsharp does not embed itself.</param>
    public static async Task WriteAsync(string path, string title, byte[]? source, IReadOnlyList<int> pages, Func<int, Task<byte[]>> pageImage, Func<int, Task<PageResult>> result, DocumentLimits limits)
    {
        TextLayerFonts.EnsureInstalled();
        var fonts = new Dictionary<string, XFont>(StringComparer.Ordinal);
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "folio";
        document.Options.CompressContentStreams = true;
        document.Options.UseFlateDecoderForJpegImages = PdfUseFlateDecoderForJpegImages.Never;
        if (source is not null)
        {
            using var input = new MemoryStream(source, writable: false);
            using var original = PdfReader.Open(input, PdfDocumentOpenMode.Import);
            foreach (var number in pages)
            {
                AddTextLayer(document.AddPage(original.Pages[number - 1]), await result(number).ConfigureAwait(false), fonts);
            }

            document.Save(path);
            return;
        }

        foreach (var number in pages)
        {
            // PDFsharp takes the image's data into the document when it is drawn.
            var (image, orientation) = OpenImage(await pageImage(number).ConfigureAwait(false), limits);
            using (image)
            {
                AddImagePage(document, image, orientation, await result(number).ConfigureAwait(false), fonts);
            }
        }

        document.Save(path);
    }

    /// <summary>Whether a page gets a text layer: it was read, not from its own text layer, and has lines.</summary>
    public static bool NeedsTextLayer(PageResult page) =>
        page.Status == PageStatus.Succeeded && page.Provenance?.Source != "textLayer" && page.Width > 0 && page.Height > 0
        && page.Blocks.Any(b => b.Lines.Count > 0);

    private static void AddTextLayer(PdfPage page, PageResult result, Dictionary<string, XFont> fonts)
    {
        if (!NeedsTextLayer(result))
        {
            return;
        }

        // The old content keeps its own graphics state; the text layer starts from the page's default one.
        if (page.Contents.Elements.Count > 0)
        {
            SetBytes(page.Contents.PrependContent(), "q\n"u8.ToArray());
            SetBytes(page.Contents.AppendContent(), "Q\n"u8.ToArray());
        }

        var crop = page.EffectiveCropBoxReadOnly;
        var media = page.MediaBox;
        var toPage = TextLayerGeometry.PixelsToPage(result.Width, result.Height, (crop.X1, crop.Y1, crop.X2, crop.Y2), media.Y2 - media.Y1, page.Rotate);
        Draw(page, g => DrawWords(g, result, toPage, fonts));
    }

    private static void AddImagePage(PdfDocument document, XImage image, int orientation, PageResult result, Dictionary<string, XFont> fonts)
    {
        double storedWidth = image.PixelWidth, storedHeight = image.PixelHeight;
        var (width, height) = orientation >= 5 ? (storedHeight, storedWidth) : (storedWidth, storedHeight);
        var dpi = image.HorizontalResolution is >= 36 and <= 2400 ? image.HorizontalResolution : 96;
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(width * 72 / dpi);
        page.Height = XUnit.FromPoint(height * 72 / dpi);
        var toPage = TextLayerGeometry.PixelsToPage(width, height, (0, 0, page.Width.Point, page.Height.Point), page.Height.Point, 0);
        Draw(page, g =>
        {
            g.Save();
            g.MultiplyTransform(ToX(toPage.After(TextLayerGeometry.ExifToUpright(orientation, storedWidth, storedHeight))));
            g.DrawImage(image, 0, 0, storedWidth, storedHeight);
            g.Restore();
            if (NeedsTextLayer(result))
            {
                // The words were found on the upright image, at its pixel size.
                DrawWords(g, result, toPage.After(new Affine(width / result.Width, 0, 0, height / result.Height, 0, 0)), fonts);
            }
        });
    }

    /// <summary>The image as PDFsharp embeds it, with its EXIF orientation: JPEG and PNG as they are, others decoded (upright) to PNG.</summary>
    private static (XImage Image, int Orientation) OpenImage(byte[] bytes, DocumentLimits limits)
    {
        if (DocumentTypeSniffer.Detect(bytes) is DocumentType.Jpeg or DocumentType.Png)
        {
            return (XImage.FromStream(new MemoryStream(bytes, writable: false)), ExifOrientation(bytes));
        }

        using var decoded = DocumentOpener.Open(bytes, limits);
        return (XImage.FromStream(new MemoryStream(PngEncoder.Encode(decoded.RenderPage(0, JobRequest.Defaults.Dpi)), writable: false)), 1);
    }

    private static int ExifOrientation(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        return codec is null ? 1 : (int)codec.EncodedOrigin;
    }

    /// <summary>Draws on the page in a content stream of its own, appended, whose text is invisible.</summary>
    private static void Draw(PdfPage page, Action<XGraphics> draw)
    {
        var index = page.Contents.Elements.Count;
        using (var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append))
        {
            draw(g);
        }

        var content = (PdfDictionary)((PdfReference)page.Contents.Elements[index]).Value;
        SetBytes(content, [.. TextRenderingInvisible, .. content.Stream.Value]);
    }

    /// <summary>Draws each word of the page, <paramref name="toPage"/> taking its pixels to the page; fonts are made once per document.</summary>
    private static void DrawWords(XGraphics g, PageResult result, Affine toPage, Dictionary<string, XFont> fonts)
    {
        g.Save();
        g.MultiplyTransform(ToX(toPage.After(TextLayerGeometry.Unturn(result.Rotation, result.Width, result.Height))));
        foreach (var line in result.Blocks.SelectMany(b => b.Lines))
        {
            foreach (var word in TextLayerGeometry.Place(line))
            {
                var family = TextLayerFonts.FamilyFor(word.Text);
                if (!fonts.TryGetValue(family, out var font))
                {
                    fonts[family] = font = new XFont(family, EmSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
                }

                var width = g.MeasureString(word.Text, font).Width;
                var metrics = font.Metrics;
                var cell = EmSize * (metrics.Ascent + metrics.Descent) / metrics.UnitsPerEm;
                if (width <= 0 || cell <= 0)
                {
                    continue;
                }

                g.Save();
                g.TranslateTransform(word.X, word.Y);
                g.RotateTransform(word.AngleDegrees);
                g.ScaleTransform(word.Length / width, word.Height / cell);
                g.DrawString(word.Text, font, XBrushes.Black, 0, EmSize * metrics.Ascent / metrics.UnitsPerEm, XStringFormats.BaseLineLeft);
                g.Restore();
            }
        }

        g.Restore();
    }

    private static XMatrix ToX(Affine m) => new(m.M11, m.M12, m.M21, m.M22, m.OffsetX, m.OffsetY);

    private static void SetBytes(PdfDictionary content, byte[] bytes)
    {
        if (content.Stream is null)
        {
            content.CreateStream(bytes);
        }
        else
        {
            content.Stream.Value = bytes;
        }
    }
}
