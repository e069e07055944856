namespace Folio.Documents;

/// <summary>Tells a document's format from its leading bytes; file names and declared types are never trusted.</summary>
public static class DocumentTypeSniffer
{
    /// <summary>
    /// How many leading bytes <see cref="Detect"/> looks at: PDF readers accept the <c>%PDF-</c>
    /// marker anywhere in the first 1024 bytes, every other signature sits in the first 16.
    /// </summary>
    public const int HeaderLength = 1024;

    // Not u8 literals: bytes over 0x7F in a u8 string become two-byte UTF-8 sequences.
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    /// <summary>Detects the format from the first bytes of a file (pass up to <see cref="HeaderLength"/> bytes).</summary>
    public static DocumentType Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(PngSignature))
        {
            return DocumentType.Png;
        }

        if (header.StartsWith(JpegSignature))
        {
            return DocumentType.Jpeg;
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return DocumentType.Gif;
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return DocumentType.WebP;
        }

        if (IsTiff(header))
        {
            return DocumentType.Tiff;
        }

        if (IsBmp(header))
        {
            return DocumentType.Bmp;
        }

        var window = header[..Math.Min(header.Length, HeaderLength)];
        return window.IndexOf("%PDF-"u8) >= 0 ? DocumentType.Pdf : DocumentType.Unknown;
    }

    /// <summary>The IANA media type of a format; <c>application/octet-stream</c> for <see cref="DocumentType.Unknown"/>.</summary>
    public static string MediaType(DocumentType type) => type switch
    {
        DocumentType.Pdf => "application/pdf",
        DocumentType.Png => "image/png",
        DocumentType.Jpeg => "image/jpeg",
        DocumentType.Bmp => "image/bmp",
        DocumentType.WebP => "image/webp",
        DocumentType.Tiff => "image/tiff",
        DocumentType.Gif => "image/gif",
        _ => "application/octet-stream",
    };

    private static bool IsTiff(ReadOnlySpan<byte> header) =>
        header.StartsWith("II*\0"u8) || header.StartsWith("MM\0*"u8) // classic TIFF
        || header.StartsWith("II+\0"u8) || header.StartsWith("MM\0+"u8); // BigTIFF

    private static bool IsBmp(ReadOnlySpan<byte> header)
    {
        // "BM" alone is too weak (a text file may start so): also require a known DIB header size.
        if (header.Length < 18 || !header.StartsWith("BM"u8))
        {
            return false;
        }

        var dibHeaderSize = header[14] | (header[15] << 8) | (header[16] << 16) | (header[17] << 24);
        return dibHeaderSize is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;
    }
}
