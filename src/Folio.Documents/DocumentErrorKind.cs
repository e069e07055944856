namespace Folio.Documents;

/// <summary>Why a document was refused. An HTTP host maps these to status codes.</summary>
public enum DocumentErrorKind
{
    /// <summary>The bytes are not a supported format (HTTP 415).</summary>
    UnsupportedType,

    /// <summary>The upload, a page, or a raster exceeds a <see cref="DocumentLimits"/> value (HTTP 413).</summary>
    TooLarge,

    /// <summary>The format was recognised but the content is damaged or cannot be decoded (HTTP 422).</summary>
    Undecodable,

    /// <summary>The PDF needs a password to be opened (HTTP 422).</summary>
    Encrypted,

    /// <summary>A page index outside the document was asked for (HTTP 422 or 400).</summary>
    PageOutOfRange,

    /// <summary>
    /// Opening the PDF or rendering a page took longer than <see cref="DocumentLimits.MaxParseTime"/> or
    /// <see cref="DocumentLimits.MaxRenderTime"/> (HTTP 422): the same bytes would take as long again, so it is not retried.
    /// </summary>
    TooComplex,
}
