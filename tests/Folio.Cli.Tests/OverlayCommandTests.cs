using System.Diagnostics;
using System.Text.Json;
using Folio.Overlay;
using Folio.Testing;
using SkiaSharp;

namespace Folio.Cli.Tests;

/// <summary><c>folio ocr FILE --overlay</c>, run as a process on the scanned sample.</summary>
public class OverlayCommandTests
{
    [ModelsFact]
    public void The_overlay_flag_writes_one_picture_per_page_next_to_the_outputs()
    {
        var outDir = Directory.CreateTempSubdirectory("folio-cli-overlay-").FullName;
        try
        {
            var (code, stdout, stderr) = FolioProcess.Run(null, "ocr", Path.Combine(RepoPaths.Samples, "scanned-page.jpg"), "--out", outDir, "--overlay", "--quiet");
            Assert.True(code == 0, $"exit {code}: {stderr}");

            var overlay = Path.Combine(outDir, "scanned-page.page-001.overlay.png");
            Assert.Equal(
                [Path.Combine(outDir, "scanned-page.md"), Path.Combine(outDir, "scanned-page.json"), overlay],
                stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "scanned-page.json")));
            var page = json.RootElement.GetProperty("pages")[0];
            var width = page.GetProperty("width").GetInt32();
            using var picture = SKBitmap.Decode(overlay);
            Assert.Equal(width, picture.Width); // the sample is 1311 px wide, under the 2000 px cap: scale 1
            Assert.True(picture.Height > page.GetProperty("height").GetInt32(), "a legend band below the page");

            // The last block's outline is drawn last: its right edge carries its kind's colour.
            var last = page.GetProperty("blocks").EnumerateArray().Last();
            var box = last.GetProperty("bbox");
            var x = (int)box.GetProperty("right").GetSingle();
            var y = (int)((box.GetProperty("top").GetSingle() + box.GetProperty("bottom").GetSingle()) / 2);
            Assert.Equal((SKColor)OverlayPalette.OutlineOf(last.GetProperty("kind").GetString()!), picture.GetPixel(x, y));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
