using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Folio.Documents;

/// <summary>
/// Splits one PDF into single-page PDFs, parsing it once. PDFsharp reads the whole file when it opens
/// it (about 1.7 s for a 6.5 MB, 2415-page manual), so extracting many pages through
/// <see cref="PdfPages.ExtractPage"/> would pay that once per page; this class pays it once.
/// Calls are serialised: one instance may be shared between threads.
/// </summary>
public sealed class PdfSplitter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _input;
    private readonly PdfDocument _source;

    /// <summary>Parses the PDF.</summary>
    /// <exception cref="DocumentException"><see cref="DocumentErrorKind.Encrypted"/> or <see cref="DocumentErrorKind.Undecodable"/>.</exception>
    public PdfSplitter(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        _input = new MemoryStream(pdf, writable: false);
        var passwordAsked = false;
        PdfDocument? source;
        try
        {
            // PDFsharp asks the provider for a password; aborting makes Open return null.
            source = PdfReader.Open(_input, PdfDocumentOpenMode.Import, args =>
            {
                passwordAsked = true;
                args.Abort = true;
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _input.Dispose();
            throw passwordAsked
                ? new DocumentException(DocumentErrorKind.Encrypted, "The PDF is password-protected.", ex)
                : new DocumentException(DocumentErrorKind.Undecodable, $"The PDF could not be read: {ex.Message}", ex);
        }

        if (source is null)
        {
            _input.Dispose();
            throw passwordAsked
                ? new DocumentException(DocumentErrorKind.Encrypted, "The PDF is password-protected.")
                : new DocumentException(DocumentErrorKind.Undecodable, "The PDF could not be read.");
        }

        _source = source;
    }

    /// <summary>Number of pages.</summary>
    public int PageCount => _source.PageCount;

    /// <summary>
    /// Copies one page (0-based) into a new one-page PDF. Resources the page uses (fonts, images) come
    /// with it; document-level things (outline, other pages, the source's encryption) do not.
    /// </summary>
    /// <exception cref="DocumentException"><see cref="DocumentErrorKind.PageOutOfRange"/> or <see cref="DocumentErrorKind.Undecodable"/>.</exception>
    public byte[] ExtractPage(int pageIndex)
    {
        lock (_gate)
        {
            DocumentException.ThrowIfPageOutOfRange(pageIndex, _source.PageCount);
            try
            {
                using var target = new PdfDocument();
                target.AddPage(_source.Pages[pageIndex]);
                using var output = new MemoryStream();
                target.Save(output, closeStream: false);
                return output.ToArray();
            }
            catch (Exception ex) when (ex is not DocumentException and not OutOfMemoryException)
            {
                throw new DocumentException(DocumentErrorKind.Undecodable, $"Page {pageIndex + 1} could not be copied: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Releases the parsed document.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _source.Dispose();
            _input.Dispose();
        }
    }
}
