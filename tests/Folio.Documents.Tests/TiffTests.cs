using BitMiracle.LibTiff.Classic;
using SkiaSharp;
using static Folio.Documents.Tests.TestImages;

namespace Folio.Documents.Tests;

public class TiffTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void MultiPageTiff_EachFrameIsAPage()
    {
        var bytes = WriteTiff([(30, 20, Red), (12, 40, Blue)]);

        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);

        Assert.Equal(DocumentType.Tiff, document.Type);
        Assert.Equal(2, document.PageCount);
        Assert.Equal(new PageSize(12, 40), document.GetPageSize(1));
        var first = document.RenderPage(0, 200);
        var second = document.RenderPage(1, 200);
        Assert.Equal((30, 20), (first.Width, first.Height));
        Assert.Equal((12, 40), (second.Width, second.Height));
        AssertColor(first, 0, 0, Red, 0);
        AssertColor(first, 29, 19, Red, 0);
        AssertColor(second, 0, 0, Blue, 0);
        AssertColor(second, 11, 39, Blue, 0);
        Assert.Equal(DocumentErrorKind.PageOutOfRange, Assert.Throws<DocumentException>(() => document.RenderPage(2, 72)).Kind);
    }

    [Fact]
    public void TiffFrameOverMaxPixels_IsTooLargeAtOpen()
    {
        var bytes = WriteTiff([(10, 10, Red), (100, 100, Blue)]);
        var error = Assert.Throws<DocumentException>(() => DocumentOpener.Open(bytes, new DocumentLimits { MaxPixels = 5_000 }));
        Assert.Equal(DocumentErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public void TiffOverMaxPages_IsTooLarge()
    {
        var bytes = WriteTiff([(4, 4, Red), (4, 4, Blue)]);
        var error = Assert.Throws<DocumentException>(() => DocumentOpener.Open(bytes, new DocumentLimits { MaxPages = 1 }));
        Assert.Equal(DocumentErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public void TruncatedTiff_IsUndecodable()
    {
        var bytes = WriteTiff([(30, 20, Red)]);
        var error = Assert.Throws<DocumentException>(() =>
        {
            using var document = DocumentOpener.Open(bytes[..12], DocumentLimits.Default);
            document.RenderPage(0, 72);
        });
        Assert.Equal(DocumentErrorKind.Undecodable, error.Kind);
    }

    [Fact]
    public void BilevelCcittG4Tiff_DecodesBlackOnWhite()
    {
        // The usual format of scanned office documents: 1 bit per pixel, 0 = white, CCITT Group 4.
        const int width = 64, height = 16;
        var bytes = BilevelTiff(width, height, rowsPerStrip: height, (row, _) => row[1] = 0xFF); // pixels 8..15 black on every row

        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        var page = document.RenderPage(0, 72);

        AssertColor(page, 3, 5, SKColors.White, 0);
        AssertColor(page, 12, 5, SKColors.Black, 0);
        AssertColor(page, 40, 15, SKColors.White, 0);
    }

    [Theory]
    [InlineData("one strip")]
    [InlineData("strips of 5 rows")]
    [InlineData("16×16 tiles")]
    public void EveryOrientationAndLayout_DecodesAsLibTiffsWholeImageReader(string layout)
    {
        // Odd sizes, so the last strip and the edge tiles are partial; every pixel its own colour, so a row or column
        // out of place shows. Each frame has another Orientation tag (1 to 8, and 0, outside the range).
        const int width = 37, height = 29;
        short[] orientations = [1, 2, 3, 4, 5, 6, 7, 8, 0];
        var stream = new MemoryStream();
        using (var tiff = Tiff.ClientOpen("layouts.tif", "w", stream, new TiffStream()))
        {
            foreach (var orientation in orientations)
            {
                WriteFrame(tiff, width, height, orientation, layout);
            }
        }

        var bytes = stream.ToArray();
        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        using var reference = Tiff.ClientOpen("layouts.tif", "r", new MemoryStream(bytes), new TiffStream());
        for (var frame = 0; frame < orientations.Length; frame++)
        {
            var page = document.RenderPage(frame, 72);
            Assert.True(reference.SetDirectory((short)frame));
            var expected = new int[width * height];
            Assert.True(reference.ReadRGBAImageOriented(width, height, expected, Orientation.TOPLEFT));
            for (var i = 0; i < expected.Length; i++)
            {
                var abgr = (uint)expected[i];
                var bgra = page.Bgra.AsSpan(i * 4, 4);
                Assert.True(
                    bgra[0] == (byte)(abgr >> 16) && bgra[1] == (byte)(abgr >> 8) && bgra[2] == (byte)abgr && bgra[3] == 255,
                    $"orientation {orientations[frame]}, {layout}: pixel ({i % width}, {i / width}) differs");
            }
        }
    }

    [Fact]
    public void A_frame_costs_one_raster()
    {
        // A scanned page as offices store it: 1 bit per pixel, CCITT Group 4, here in strips of 64 rows; 1600×1200,
        // 7.7 MB of BGRA. Decoded whole into LibTiff's packed integers and then converted, it took that twice over;
        // strip by strip, the raster and a strip's worth (LibTiff's own buffers are per strip, and small).
        const int width = 1600, height = 1200;
        var bytes = BilevelTiff(width, height, rowsPerStrip: 64, (row, y) => row[y % row.Length] = 0xFF); // a diagonal of ink

        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        document.RenderPage(0, 72); // warm-up: LibTiff's tables
        var before = GC.GetAllocatedBytesForCurrentThread();
        var page = document.RenderPage(0, 72);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"raster {page.Bgra.Length:N0} bytes; allocated while decoding {allocated:N0}");
        Assert.Equal(width * height * 4, page.Bgra.Length);
        Assert.InRange(allocated, page.Bgra.Length, page.Bgra.Length * 5 / 4);
        AssertColor(page, 8, 1, SKColors.Black, 0);
        AssertColor(page, 0, 1, SKColors.White, 0);
    }

    // The usual format of scanned office documents: 1 bit per pixel, 0 = white, CCITT Group 4; ink sets a row's bits.
    private static byte[] BilevelTiff(int width, int height, int rowsPerStrip, Action<byte[], int> ink)
    {
        var stream = new MemoryStream();
        using (var tiff = Tiff.ClientOpen("scan.tif", "w", stream, new TiffStream()))
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, width);
            tiff.SetField(TiffTag.IMAGELENGTH, height);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 1);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISWHITE);
            tiff.SetField(TiffTag.COMPRESSION, Compression.CCITTFAX4);
            tiff.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
            var row = new byte[width / 8];
            for (var y = 0; y < height; y++)
            {
                Array.Clear(row);
                ink(row, y);
                tiff.WriteScanline(row, y);
            }

            tiff.WriteDirectory();
        }

        return stream.ToArray();
    }

    // The fields of a page frame in RGB, 8 bits a sample, interleaved, LZW.
    private static void RgbFrame(Tiff tiff, int width, int height)
    {
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3);
        tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.COMPRESSION, Compression.LZW);
        tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
    }

    // RGB, 8 bits, LZW; pixel (x, y) of the file's own order is (x, y, x + y).
    private static void WriteFrame(Tiff tiff, int width, int height, short orientation, string layout)
    {
        RgbFrame(tiff, width, height);
        tiff.SetField(TiffTag.ORIENTATION, orientation);
        byte[] Pixels(int left, int top, int columns, int rows)
        {
            var pixels = new byte[columns * rows * 3];
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    var i = ((y * columns) + x) * 3;
                    (pixels[i], pixels[i + 1], pixels[i + 2]) = ((byte)(left + x), (byte)(top + y), (byte)(left + x + top + y));
                }
            }

            return pixels;
        }

        if (layout == "16×16 tiles")
        {
            tiff.SetField(TiffTag.TILEWIDTH, 16);
            tiff.SetField(TiffTag.TILELENGTH, 16);
            for (var top = 0; top < height; top += 16)
            {
                for (var left = 0; left < width; left += 16)
                {
                    var tile = Pixels(left, top, 16, 16);
                    tiff.WriteTile(tile, left, top, 0, 0);
                }
            }
        }
        else
        {
            var rowsPerStrip = layout == "one strip" ? height : int.Parse(layout.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
            tiff.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
            for (var strip = 0; strip * rowsPerStrip < height; strip++)
            {
                var top = strip * rowsPerStrip;
                var pixels = Pixels(0, top, width, Math.Min(rowsPerStrip, height - top));
                tiff.WriteEncodedStrip(strip, pixels, pixels.Length);
            }
        }

        tiff.WriteDirectory();
    }

    /// <summary>Writes an LZW-compressed RGB TIFF with one directory per frame.</summary>
    private static byte[] WriteTiff((int Width, int Height, SKColor Colour)[] frames)
    {
        var stream = new MemoryStream();
        using (var tiff = Tiff.ClientOpen("test.tif", "w", stream, new TiffStream()))
        {
            for (var page = 0; page < frames.Length; page++)
            {
                var (width, height, colour) = frames[page];
                RgbFrame(tiff, width, height);
                tiff.SetField(TiffTag.ROWSPERSTRIP, height);
                tiff.SetField(TiffTag.PAGENUMBER, page, frames.Length);
                var pixels = new byte[width * height * 3];
                for (var i = 0; i < pixels.Length; i += 3)
                {
                    (pixels[i], pixels[i + 1], pixels[i + 2]) = (colour.Red, colour.Green, colour.Blue);
                }

                tiff.WriteEncodedStrip(0, pixels, pixels.Length);
                tiff.WriteDirectory();
            }
        }

        return stream.ToArray();
    }
}
