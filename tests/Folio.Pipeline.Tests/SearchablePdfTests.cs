using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Local;
using Folio.Testing;
using PdfSharp.Pdf.IO;
using SkiaSharp;

namespace Folio.Pipeline.Tests;

/// <summary>
/// The searchable PDF through the orchestrator: born-digital pages come back untouched, scanned pages keep their image
/// and gain invisible text where the words are, in every page rotation; images become pages of their own size.
/// </summary>
public sealed class SearchablePdfTests
{
    private static readonly RunOptions PdfAndJson = new() { Formats = [OutputFormats.Pdf, OutputFormats.Json], Retry = new PageRetrySettings { MaxAttempts = 1 } };

    public SearchablePdfTests() => GeneratedPdfs.EnsureFonts();

    [Fact]
    public async Task A_born_digital_pdf_comes_back_with_its_pages_unchanged_and_no_second_text_layer()
    {
        using var temp = new TempFolder();
        var sample = Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf");
        var recognizer = new FakeRecognizer();
        var (pdfPath, json) = await RunAsync(temp, sample, recognizer);

        Assert.Empty(recognizer.Calls);
        Assert.All(json.RootElement.GetProperty("pages").EnumerateArray(), p => Assert.Equal("textLayer", p.GetProperty("provenance").GetProperty("source").GetString()));
        var source = await File.ReadAllBytesAsync(sample);
        var output = await File.ReadAllBytesAsync(pdfPath);
        var expected = PdfInspection.ContentStreams(source);
        var actual = PdfInspection.ContentStreams(output);
        Assert.Equal(3, actual.Count);
        for (var page = 0; page < expected.Count; page++)
        {
            Assert.Equal(expected[page], actual[page]);
        }

        Assert.Equal(PdfInspection.Text(sample), PdfInspection.Text(pdfPath));
        Assert.Equal(PdfInspection.PageSizes(source), PdfInspection.PageSizes(output));
    }

    [Fact]
    public async Task A_scanned_pdf_page_keeps_its_content_and_image_and_gains_invisible_text_at_the_words()
    {
        using var temp = new TempFolder();
        var scan = GeneratedPdfs.ImageOnly(TestDocuments.Png(306, 396));
        var (pdfPath, _) = await RunAsync(temp, temp.File("scan.pdf", scan), new FakeRecognizer());
        var output = await File.ReadAllBytesAsync(pdfPath);

        // The old content, wrapped in q … Q, then the text layer, invisible.
        var original = Assert.Single(PdfInspection.ContentStreams(scan));
        var streams = Assert.Single(PdfInspection.ContentStreams(output));
        Assert.Equal(original.Count + 3, streams.Count);
        Assert.Equal("q\n"u8.ToArray(), streams[0]);
        Assert.Equal(original, streams.Skip(1).Take(original.Count));
        Assert.Equal("Q\n"u8.ToArray(), streams[^2]);
        Assert.StartsWith("3 Tr\n", System.Text.Encoding.Latin1.GetString(streams[^1]), StringComparison.Ordinal);
        Assert.Equal(PdfInspection.Images(scan, 0).Select(i => i.Bytes), PdfInspection.Images(output, 0).Select(i => i.Bytes));
        using (var rendered = DocumentOpener.Open(output, DocumentLimits.Default))
        {
            // The scan is a white page, and the text over it is never drawn.
            Assert.True(rendered.RenderPage(0, 72).Bgra.All(b => b > 250), "the text layer shows");
        }

        // The fake recogniser's line is at (10, 10)–(200, 30) on a 600 × 800 page: × 612/600 and × 792/800 in points.
        Assert.Equal("Text of page 1", PdfInspection.Text(pdfPath).Trim());
        var words = PdfInspection.Words(pdfPath);
        Assert.Equal(["Text", "of", "page", "1"], words.Select(w => w.Text));
        Assert.InRange(words[0].XMin, 10.2 - 1, 10.2 + 1);
        Assert.InRange(words[^1].XMax, 204 - 2, 204 + 1);
        Assert.InRange((words[0].YMin + words[0].YMax) / 2, 19.8 - 2, 19.8 + 2);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public async Task A_turned_page_gets_its_words_where_they_are_on_the_page_as_shown(int rotate)
    {
        using var temp = new TempFolder();
        var scan = Rotated(GeneratedPdfs.ImageOnly(TestDocuments.Png(306, 396)), rotate);
        var (pdfPath, _) = await RunAsync(temp, temp.File("turned.pdf", scan), new FakeRecognizer());

        // Shown 792 × 612 when turned a quarter, 612 × 792 otherwise; the fake result is 600 × 800 pixels of it.
        var (width, height) = rotate == 180 ? (612.0, 792.0) : (792.0, 612.0);
        var words = PdfInspection.Words(pdfPath);
        Assert.Equal(["Text", "of", "page", "1"], words.Select(w => w.Text));
        Assert.InRange(words[0].XMin, (10 * width / 600) - 1.5, (10 * width / 600) + 1.5);
        Assert.InRange(words[^1].XMax, (200 * width / 600) - 3, (200 * width / 600) + 1.5);
        Assert.InRange((words[0].YMin + words[0].YMax) / 2, (20 * height / 800) - 2, (20 * height / 800) + 2);
        Assert.Equal(PdfInspection.ContentStreams(scan)[0], PdfInspection.ContentStreams(await File.ReadAllBytesAsync(pdfPath))[0].Skip(1).Take(1));
    }

    [Fact]
    public async Task A_png_and_the_pages_of_a_tiff_become_pages_of_their_own_size_with_lossless_images()
    {
        using var temp = new TempFolder();
        var (pngPdf, _) = await RunAsync(temp, temp.File("page.png", TestDocuments.Png(300, 400)), new FakeRecognizer());
        var png = await File.ReadAllBytesAsync(pngPdf);

        // No resolution in the PNG: 96 dpi.
        Assert.Equal([(225.0, 300.0)], PdfInspection.PageSizes(png));
        var image = Assert.Single(PdfInspection.Images(png, 0));
        Assert.Equal(("/FlateDecode", 300, 400), (image.Filter, image.Width, image.Height));
        Assert.Equal("Text of page 1", PdfInspection.Text(pngPdf).Trim());

        var (tiffPdf, _) = await RunAsync(temp, temp.File("pages.tif", TestDocuments.MultiPageTiff(2, 300, 400)), new FakeRecognizer());
        var tiff = await File.ReadAllBytesAsync(tiffPdf);
        Assert.Equal(2, PdfInspection.PageSizes(tiff).Count);
        Assert.All([0, 1], i => Assert.Equal((300, 400), PdfInspection.Images(tiff, i).Select(x => (x.Width, x.Height)).Single()));
        Assert.Equal(["Text of page 1", "Text of page 2"], PdfInspection.Text(tiffPdf).Split('\f', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task A_jpeg_is_embedded_as_the_same_bytes_and_shown_upright_by_its_exif_orientation()
    {
        using var temp = new TempFolder();
        // Stored 80 × 60 with a dark square at its top-left; EXIF 6 shows it turned a quarter clockwise: 60 × 80, square top-right.
        var jpeg = WithExifOrientation(Jpeg(80, 60), 6);
        var (pdfPath, _) = await RunAsync(temp, temp.File("photo.jpg", jpeg), new FakeRecognizer());
        var pdf = await File.ReadAllBytesAsync(pdfPath);

        var image = Assert.Single(PdfInspection.Images(pdf, 0));
        Assert.Equal(("/DCTDecode", 80, 60), (image.Filter, image.Width, image.Height));
        Assert.Equal(jpeg, image.Bytes);
        var (width, height) = Assert.Single(PdfInspection.PageSizes(pdf));
        Assert.Equal(60.0 / 80.0, width / height, 3);

        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var shown = document.RenderPage(0, 300);
        byte Grey(double x, double y) => shown.Bgra[((int)(y * shown.Height) * shown.Stride) + ((int)(x * shown.Width) * 4)];
        Assert.True(Grey(0.85, 0.15) < 80, "the square is at the top right");
        Assert.True(Grey(0.15, 0.15) > 170 && Grey(0.85, 0.85) > 170 && Grey(0.15, 0.85) > 170, "the rest is light");
        Assert.Equal("Text of page 1", PdfInspection.Text(pdfPath).Trim());
    }

    [CjkFontFact]
    public async Task Greek_and_chinese_words_come_back_from_the_text_layer()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "words.pdf");
        var page = new PageResult
        {
            PageNumber = 1,
            Width = 600,
            Height = 400,
            Blocks =
            [
                new Block
                {
                    Kind = "paragraph",
                    Text = "Ελληνικά λέξεις\n中文测试 文本",
                    Bbox = new Box(20, 20, 400, 120),
                    Lines =
                    [
                        new Line { Text = "Ελληνικά λέξεις", Confidence = 0.9f, Polygon = [new(20, 20), new(300, 20), new(300, 50), new(20, 50)] },
                        new Line { Text = "中文测试 文本", Confidence = 0.9f, Polygon = [new(20, 80), new(260, 80), new(260, 120), new(20, 120)] },
                    ],
                },
            ],
        };

        await SearchablePdfWriter.WriteAsync(path, "words", null, [1], _ => Task.FromResult(TestDocuments.Png(600, 400)), _ => Task.FromResult(page), DocumentLimits.Default);

        Assert.Equal(["Ελληνικά λέξεις", "中文测试 文本"], PdfInspection.Text(path).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static async Task<(string PdfPath, JsonDocument Json)> RunAsync(TempFolder temp, string input, IPageRecognizer recognizer)
    {
        await using var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        var outcome = await runner.RunAsync(input, Path.Combine(temp.Path, "out"), PdfAndJson);
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        return (outcome.Outputs!.KeyOf(OutputFormats.Pdf)!, JsonDocument.Parse(await File.ReadAllBytesAsync(outcome.Outputs.JsonKey)));
    }

    private static byte[] Rotated(byte[] pdf, int rotate)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Modify);
        document.Pages[0].Rotate = rotate;
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.White);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.DrawRect(0, 0, width / 4f, height / 4f, new SKPaint { Color = SKColors.Black });
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment holding only the orientation tag, right after its start marker.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, byte orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
        byte[] exif = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, .. tiff];
        var length = exif.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg[2..]];
    }
}

/// <summary>A fact that needs a font with Chinese glyphs among <see cref="TextLayerFonts.Files"/>; skipped with the reason otherwise.</summary>
internal sealed class CjkFontFactAttribute : FactAttribute
{
    public CjkFontFactAttribute()
    {
        if (!TextLayerFonts.Files.Any(f => f.Contains("Droid", StringComparison.Ordinal) || f.Contains("CJK", StringComparison.Ordinal)))
        {
            Skip = "No font with Chinese glyphs: install fonts-droid-fallback, or name one in FOLIO_PDF_FONTS.";
        }
    }
}
