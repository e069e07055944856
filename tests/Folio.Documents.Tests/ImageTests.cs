using SkiaSharp;
using static Folio.Documents.Tests.TestImages;

namespace Folio.Documents.Tests;

public class ImageTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Png, DocumentType.Png, 0)]
    [InlineData(SKEncodedImageFormat.Jpeg, DocumentType.Jpeg, 12)]
    [InlineData(SKEncodedImageFormat.Webp, DocumentType.WebP, 12)]
    public void SkiaEncoded_DecodesBackToTheSamePixels(SKEncodedImageFormat format, DocumentType type, int tolerance)
    {
        var bytes = Encode(format, 64, 32, (x, _) => Halves(x, 64));

        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        var page = document.RenderPage(0, 300);

        Assert.Equal(type, document.Type);
        Assert.Equal(1, document.PageCount);
        Assert.Equal(new PageSize(64, 32), document.GetPageSize(0));
        Assert.Equal((64, 32), (page.Width, page.Height));
        AssertColor(page, 10, 16, Red, tolerance);
        AssertColor(page, 54, 16, Blue, tolerance);
    }

    [Fact]
    public void Bmp_DecodesBottomUpRows()
    {
        var bytes = Bmp(5, 4, (_, y) => y == 0 ? Red : Blue);

        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        var page = document.RenderPage(0, 72);

        Assert.Equal(DocumentType.Bmp, document.Type);
        Assert.Equal((5, 4), (page.Width, page.Height));
        AssertColor(page, 2, 0, Red, 0);
        AssertColor(page, 2, 3, Blue, 0);
    }

    [Fact]
    public void Gif_FirstFrameAndTransparencyOnWhite()
    {
        // 1×1 GIFs: palette [black, white], pixel index 0; the second marks index 0 transparent.
        byte[] black = [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B];
        byte[] transparent = [.. black[..19], 0x21, 0xF9, 4, 1, 0, 0, 0, 0, .. black[19..]];

        using var opaque = DocumentOpener.Open(black, DocumentLimits.Default);
        using var clear = DocumentOpener.Open(transparent, DocumentLimits.Default);

        Assert.Equal(DocumentType.Gif, opaque.Type);
        AssertColor(opaque.RenderPage(0, 72), 0, 0, SKColors.Black, 0);
        AssertColor(clear.RenderPage(0, 72), 0, 0, SKColors.White, 0);
    }

    [Fact]
    public void PngAlpha_IsCompositedOnWhite()
    {
        var bytes = Encode(SKEncodedImageFormat.Png, 3, 1, (x, _) => x switch
        {
            0 => new SKColor(0, 0, 0, 0),
            1 => new SKColor(0, 0, 0, 128),
            _ => new SKColor(0, 0, 255, 255),
        });

        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        var page = document.RenderPage(0, 72);

        AssertColor(page, 0, 0, SKColors.White, 0);
        AssertColor(page, 1, 0, new SKColor(127, 127, 127), 1);
        AssertColor(page, 2, 0, Blue, 0);
    }

    [Theory]
    [InlineData(1, 40, 20, 0, 0)]  // as stored: black on the left
    [InlineData(6, 20, 40, 0, 0)]  // turn clockwise: the stored left side goes to the top
    [InlineData(8, 20, 40, 0, 39)] // turn counter-clockwise: the stored left side goes to the bottom
    [InlineData(3, 40, 20, 39, 0)] // 180°: black on the right
    public void JpegExifOrientation_IsApplied(ushort orientation, int width, int height, int blackX, int blackY)
    {
        var jpeg = Encode(SKEncodedImageFormat.Jpeg, 40, 20, (x, _) => x < 20 ? SKColors.Black : SKColors.White);
        var bytes = WithExifOrientation(jpeg, orientation);

        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        var page = document.RenderPage(0, 72);

        Assert.Equal((width, height), (page.Width, page.Height));
        AssertColor(page, blackX, blackY, SKColors.Black, 24);
        AssertColor(page, width - 1 - blackX, height - 1 - blackY, SKColors.White, 24);
    }

    [Fact]
    public void TruncatedPng_IsUndecodable()
    {
        var random = new Random(7);
        var bytes = Encode(SKEncodedImageFormat.Png, 200, 200, (_, _) => new SKColor((uint)random.Next() | 0xFF000000));

        var error = Assert.Throws<DocumentException>(() => DocumentOpener.Open(bytes[..(bytes.Length / 2)], DocumentLimits.Default));

        Assert.Equal(DocumentErrorKind.Undecodable, error.Kind);
    }

    [Fact]
    public void EmptyUpload_IsUnsupported()
    {
        var error = Assert.Throws<DocumentException>(() => DocumentOpener.Open([], DocumentLimits.Default));
        Assert.Equal(DocumentErrorKind.UnsupportedType, error.Kind);
    }

    [Fact]
    public void UploadOverMaxBytes_IsTooLarge()
    {
        var bytes = Encode(SKEncodedImageFormat.Png, 8, 8, (_, _) => SKColors.White);
        var error = Assert.Throws<DocumentException>(() => DocumentOpener.Open(bytes, new DocumentLimits { MaxBytes = 10 }));
        Assert.Equal(DocumentErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public void PngDeclaring100000Squared_IsTooLargeWithoutAllocating()
    {
        var bytes = PngHeaderOnly(100_000, 100_000);
        Assert.Equal(DocumentType.Png, DocumentTypeSniffer.Detect(bytes));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DocumentException>(() => DocumentOpener.Open(bytes, DocumentLimits.Default));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DocumentErrorKind.TooLarge, error.Kind);
        Assert.True(allocated < 1_000_000, $"Allocated {allocated:N0} bytes refusing the image.");
    }

    [Fact]
    public void RenderPage_ReturnsAnIndependentCopy()
    {
        var bytes = Encode(SKEncodedImageFormat.Png, 4, 4, (_, _) => Red);
        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);

        document.RenderPage(0, 72).Bgra.AsSpan().Clear();

        AssertColor(document.RenderPage(0, 72), 0, 0, Red, 0);
        Assert.Equal(DocumentErrorKind.PageOutOfRange, Assert.Throws<DocumentException>(() => document.RenderPage(1, 72)).Kind);
    }
}
