namespace Folio.Documents;

/// <summary>The kinds of document the service accepts, as told by their leading bytes.</summary>
public enum DocumentType
{
    /// <summary>Not a format this library reads.</summary>
    Unknown = 0,

    /// <summary>Portable Document Format.</summary>
    Pdf,

    /// <summary>Portable Network Graphics.</summary>
    Png,

    /// <summary>JPEG (JFIF or EXIF).</summary>
    Jpeg,

    /// <summary>Windows bitmap.</summary>
    Bmp,

    /// <summary>WebP (RIFF container).</summary>
    WebP,

    /// <summary>TIFF, classic or BigTIFF; each directory (frame) is a page.</summary>
    Tiff,

    /// <summary>GIF; only the first frame is read.</summary>
    Gif,
}
