using BitMiracle.LibTiff.Classic;
using SkiaSharp;
using static Folio.Documents.Tests.TestImages;

namespace Folio.Documents.Tests;

public class TiffTests
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
        var stream = new MemoryStream();
        using (var tiff = Tiff.ClientOpen("fax.tif", "w", stream, new TiffStream()))
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, width);
            tiff.SetField(TiffTag.IMAGELENGTH, height);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 1);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISWHITE);
            tiff.SetField(TiffTag.COMPRESSION, Compression.CCITTFAX4);
            tiff.SetField(TiffTag.ROWSPERSTRIP, height);
            var bits = new byte[width / 8 * height];
            for (var y = 0; y < height; y++)
            {
                bits[(y * width / 8) + 1] = 0xFF; // pixels 8..15 black on every row
            }

            tiff.WriteEncodedStrip(0, bits, bits.Length);
            tiff.WriteDirectory();
        }

        using var document = DocumentOpener.Open(stream.ToArray(), DocumentLimits.Default);
        var page = document.RenderPage(0, 72);

        AssertColor(page, 3, 5, SKColors.White, 0);
        AssertColor(page, 12, 5, SKColors.Black, 0);
        AssertColor(page, 40, 15, SKColors.White, 0);
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
                tiff.SetField(TiffTag.IMAGEWIDTH, width);
                tiff.SetField(TiffTag.IMAGELENGTH, height);
                tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3);
                tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
                tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB);
                tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tiff.SetField(TiffTag.COMPRESSION, Compression.LZW);
                tiff.SetField(TiffTag.ROWSPERSTRIP, height);
                tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
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
