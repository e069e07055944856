using System.Text.Json;
using Folio.Contracts;
using SkiaSharp;

namespace Folio.Overlay.Tests;

public class PageOverlayWriterTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void A_document_json_and_its_image_give_one_picture_per_read_page()
    {
        var dir = Directory.CreateTempSubdirectory("folio-overlay-").FullName;
        try
        {
            var source = Path.Combine(dir, "scan.png");
            using (var image = new SKBitmap(300, 200))
            {
                image.Erase(SKColors.Black);
                File.WriteAllBytes(source, image.Encode(SKEncodedImageFormat.Png, 100).ToArray());
            }

            var read = new PageResult
            {
                PageNumber = 1,
                Width = 300,
                Height = 200,
                Blocks = [new Block { Kind = "heading", Order = 0, Text = "x", Bbox = new Box(20, 30, 280, 90) }],
            };
            var failed = new PageResult { PageNumber = 2, Width = 0, Height = 0, Status = PageStatus.Failed, Error = "no" };
            var json = Path.Combine(dir, "scan.json");
            File.WriteAllText(json, JsonSerializer.Serialize(new { source = new { name = "scan.png" }, pages = new[] { read, failed } }, Web));

            var pages = PageOverlayWriter.ReadPages(json);
            Assert.Equal([1, 2], pages.Select(p => p.PageNumber));
            var written = PageOverlayWriter.Write(source, pages, Path.Combine(dir, "out"), 150);

            var path = Assert.Single(written);
            Assert.EndsWith("scan.page-001.overlay.png", path, StringComparison.Ordinal);
            using var picture = SKBitmap.Decode(path);
            Assert.Equal((SKColor)OverlayPalette.OutlineOf("heading"), picture.GetPixel(280, 60));
            Assert.True(picture.GetPixel(150, 150).Red < 110, "the page raster (black) is under the drawing");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void File_names_number_pages_with_three_digits() =>
        Assert.Equal("scan.page-007.overlay.png", PageOverlayWriter.FileName("scan", 7));
}
