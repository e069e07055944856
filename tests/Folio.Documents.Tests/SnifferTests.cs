namespace Folio.Documents.Tests;

public class SnifferTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, DocumentType.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46 }, DocumentType.Jpeg)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0 }, DocumentType.Gif)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50 }, DocumentType.WebP)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 }, DocumentType.Unknown)] // WAVE
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0, 8, 0, 0, 0 }, DocumentType.Tiff)]
    [InlineData(new byte[] { 0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8 }, DocumentType.Tiff)]
    [InlineData(new byte[] { 0x42, 0x4D, 0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0 }, DocumentType.Bmp)]
    [InlineData(new byte[] { 0x42, 0x4D, 0x20, 0x69, 0x73, 0x20, 0x61, 0x20, 0x6E, 0x61, 0x6D, 0x65, 0x2C, 0x20, 0x6E, 0x6F, 0x74, 0x20 }, DocumentType.Unknown)] // "BM is a name, not "
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, DocumentType.Pdf)]
    [InlineData(new byte[] { }, DocumentType.Unknown)]
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E }, DocumentType.Unknown)]
    public void Detect_ReadsMagicBytes(byte[] header, DocumentType expected) =>
        Assert.Equal(expected, DocumentTypeSniffer.Detect(header));

    [Fact]
    public void Detect_FindsPdfMarkerAfterLeadingJunk()
    {
        var bytes = new byte[600];
        "%PDF-1.4"u8.CopyTo(bytes.AsSpan(500));
        Assert.Equal(DocumentType.Pdf, DocumentTypeSniffer.Detect(bytes));
    }

    [PdfFact]
    public void Detect_RealPdfFile() => Assert.Equal(DocumentType.Pdf, DocumentTypeSniffer.Detect(TestFiles.Pdf.AsSpan(0, 1024)));

    [Theory]
    [InlineData(DocumentType.Pdf, "application/pdf")]
    [InlineData(DocumentType.Png, "image/png")]
    [InlineData(DocumentType.Jpeg, "image/jpeg")]
    [InlineData(DocumentType.Tiff, "image/tiff")]
    [InlineData(DocumentType.WebP, "image/webp")]
    [InlineData(DocumentType.Unknown, "application/octet-stream")]
    public void MediaType_IsIana(DocumentType type, string expected) => Assert.Equal(expected, DocumentTypeSniffer.MediaType(type));
}
