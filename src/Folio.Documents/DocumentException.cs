namespace Folio.Documents;

/// <summary>A document could not be opened or a page could not be produced; <see cref="Kind"/> says why.</summary>
public sealed class DocumentException : Exception
{
    /// <summary>Creates an exception of kind <see cref="DocumentErrorKind.Undecodable"/>.</summary>
    public DocumentException()
        : this(DocumentErrorKind.Undecodable, "The document could not be decoded.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="DocumentErrorKind.Undecodable"/> with a message.</summary>
    public DocumentException(string message)
        : this(DocumentErrorKind.Undecodable, message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="DocumentErrorKind.Undecodable"/> with a message and a cause.</summary>
    public DocumentException(string message, Exception innerException)
        : this(DocumentErrorKind.Undecodable, message, innerException)
    {
    }

    /// <summary>Creates an exception of the given kind.</summary>
    public DocumentException(DocumentErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>Creates an exception of the given kind with the exception that caused it.</summary>
    public DocumentException(DocumentErrorKind kind, string message, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Why the document was refused.</summary>
    public DocumentErrorKind Kind { get; }

    internal static DocumentException PageOutOfRange(int pageIndex, int pageCount) =>
        new(DocumentErrorKind.PageOutOfRange, $"Page index {pageIndex} is outside the document's {pageCount} page(s) (indexes are 0-based).");

    internal static void ThrowIfPageOutOfRange(int pageIndex, int pageCount)
    {
        if (pageIndex < 0 || pageIndex >= pageCount)
        {
            throw PageOutOfRange(pageIndex, pageCount);
        }
    }
}
