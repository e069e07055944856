using System.Collections.Concurrent;
using BitMiracle.LibTiff.Classic;
using Folio.Contracts;
using Folio.Testing;
using PdfSharp.Pdf;
using SkiaSharp;

namespace Folio.Pipeline.Tests;

/// <summary>A recognizer that answers "Text of page N" after a short, page-dependent delay, and fails as told.</summary>
internal sealed class FakeRecognizer : IPageRecognizer
{
    public ConcurrentDictionary<int, int> Attempts { get; } = new();

    /// <summary>Page → how many first attempts throw a transient error.</summary>
    public Dictionary<int, int> TransientFailures { get; } = [];

    /// <summary>Pages that always throw a <see cref="PageRejectedException"/>.</summary>
    public HashSet<int> Rejected { get; } = [];

    /// <summary>Pages that always throw a transient error.</summary>
    public HashSet<int> AlwaysTransient { get; } = [];

    /// <summary>Pages whose recognition fails inside the host with an exception that names its internals.</summary>
    public HashSet<int> Broken { get; } = [];

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(2);

    public List<string> MediaTypes { get; } = [];

    public List<(int Page, long Tick)> Calls { get; } = [];

    public async Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default)
    {
        lock (Calls)
        {
            Calls.Add((page.PageNumber, Environment.TickCount64));
        }

        var attempt = Attempts.AddOrUpdate(page.PageNumber, 1, (_, n) => n + 1);
        lock (MediaTypes)
        {
            MediaTypes.Add(page.MediaType);
        }

        // Later pages finish first now and then: completion order differs from page order.
        await Task.Delay(Delay * (1 + ((page.PageNumber * 7) % 5)), cancellationToken);
        if (Broken.Contains(page.PageNumber))
        {
            throw new IOException($"Could not write '/srv/folio/work/secret-{page.PageNumber}.tmp': disk full");
        }

        if (Rejected.Contains(page.PageNumber))
        {
            throw new PageRejectedException($"page {page.PageNumber} is unreadable (fake)");
        }

        if (AlwaysTransient.Contains(page.PageNumber) || attempt <= TransientFailures.GetValueOrDefault(page.PageNumber))
        {
            throw new PageRecognitionException($"page {page.PageNumber} timed out (fake, attempt {attempt})");
        }

        var text = $"Text of page {page.PageNumber}";
        var box = new Box(10, 10, 200, 30);
        return new PageResult
        {
            PageNumber = page.PageNumber,
            Width = 600,
            Height = 800,
            Dpi = page.Dpi,
            Blocks =
            [
                new Block
                {
                    Kind = "paragraph",
                    Text = text,
                    Bbox = box,
                    Lines = [new Line { Text = text, Confidence = 0.99f, Polygon = [new(10, 10), new(200, 10), new(200, 30), new(10, 30)] }],
                },
            ],
            Provenance = new Provenance { Engine = "fake", Device = "none", TimingsMs = new Dictionary<string, double> { ["recognize"] = 1 } },
        };
    }
}

internal static class TestDocuments
{
    public static byte[] BlankPdf(int pages) => TestPdfs.Blank(pages);

    public static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.White);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] MultiPageTiff(int frames, int width = 20, int height = 10)
    {
        var stream = new MemoryStream();
        using (var tiff = Tiff.ClientOpen("test.tif", "w", stream, new TiffStream()))
        {
            for (var page = 0; page < frames; page++)
            {
                tiff.SetField(TiffTag.IMAGEWIDTH, width);
                tiff.SetField(TiffTag.IMAGELENGTH, height);
                tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3);
                tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
                tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB);
                tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tiff.SetField(TiffTag.ROWSPERSTRIP, height);
                tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tiff.SetField(TiffTag.PAGENUMBER, page, frames);
                var pixels = Enumerable.Repeat((byte)200, width * height * 3).ToArray();
                tiff.WriteEncodedStrip(0, pixels, pixels.Length);
                tiff.WriteDirectory();
            }
        }

        return stream.ToArray();
    }
}

/// <summary>A temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("folio-test-").FullName;

    public string File(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
