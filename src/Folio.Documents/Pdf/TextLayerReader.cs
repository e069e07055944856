using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Folio.Documents;

/// <summary>One page's text layer: size, words and the counts that judge it.</summary>
/// <param name="Width">Page width in points, as displayed.</param>
/// <param name="Height">Page height in points, as displayed.</param>
/// <param name="Words">
/// Words in content order (<see cref="ContentWords"/>), boxed in points from the top-left: horizontal words span from 0.8 font size above the baseline to 0.2
/// below it, so every word of a line has the same height whatever its letters; other words keep PdfPig's box.
/// </param>
/// <param name="Stats">Counts for <see cref="TextLayerJudge"/>.</param>
public sealed record TextLayerPage(double Width, double Height, IReadOnlyList<TextLayerWord> Words, TextLayerStats Stats);

/// <summary>Reads PDF text layers with PdfPig for born-digital pages and their judgement.</summary>
public static class TextLayerReader
{
    /// <summary>Reads the given 0-based pages of a PDF, opening it once.</summary>
    /// <exception cref="DocumentException"><see cref="DocumentErrorKind.Encrypted"/> or <see cref="DocumentErrorKind.Undecodable"/>.</exception>
    public static IEnumerable<(int PageIndex, TextLayerPage Page)> ReadPages(byte[] pdf, IEnumerable<int> pageIndexes)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(pdf);
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentException(DocumentErrorKind.Encrypted, "The PDF is password-protected.", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DocumentException(DocumentErrorKind.Undecodable, $"The PDF text layer could not be read: {ex.Message}", ex);
        }

        using (document)
        {
            foreach (var index in pageIndexes)
            {
                DocumentException.ThrowIfPageOutOfRange(index, document.NumberOfPages);
                TextLayerPage page;
                try
                {
                    page = Read(document.GetPage(index + 1));
                }
                catch (Exception ex) when (ex is not DocumentException and not OutOfMemoryException)
                {
                    throw new DocumentException(DocumentErrorKind.Undecodable, $"The text layer of page {index + 1} could not be read: {ex.Message}", ex);
                }

                yield return (index, page);
            }
        }
    }

    /// <summary>Reads one 0-based page.</summary>
    /// <exception cref="DocumentException">As <see cref="ReadPages"/>, or <see cref="DocumentErrorKind.PageOutOfRange"/>.</exception>
    public static TextLayerPage ReadPage(byte[] pdf, int pageIndex) => ReadPages(pdf, [pageIndex]).Single().Page;

    private static TextLayerPage Read(Page page)
    {
        var words = new List<TextLayerWord>();
        int letters = 0, unmapped = 0, privateUse = 0, invisible = 0;
        double textArea = 0;
        foreach (var letter in page.Letters)
        {
            if (string.IsNullOrWhiteSpace(letter.Value) && letter.Value.Length > 0)
            {
                continue;
            }

            letters++;
            if (letter.Value.Length == 0 || letter.Value.Any(c => c == '\uFFFD' || char.IsControl(c)))
            {
                unmapped++;
            }
            else if (letter.Value.Any(c => c is >= '\uE000' and <= '\uF8FF' || char.IsHighSurrogate(c) && letter.Value.Length > 1 && char.ConvertToUtf32(letter.Value, 0) >= 0xF0000))
            {
                privateUse++;
            }

            if (letter.RenderingMode is TextRenderingMode.Neither or TextRenderingMode.NeitherClip)
            {
                invisible++;
            }
        }

        foreach (var w in ContentWords.Read(page.Letters, page.Height))
        {
            textArea += (w.Right - w.Left) * (w.Bottom - w.Top);
            words.Add(w);
        }

        var pageArea = Math.Max(1, page.Width * page.Height);
        var imageArea = page.GetImages().Sum(i => Math.Abs(i.BoundingBox.Width * i.BoundingBox.Height));
        var cid = words.Sum(w => CountOf(w.Text, "(cid:"));
        var stats = new TextLayerStats(letters, unmapped, privateUse, cid, invisible, Math.Min(1, textArea / pageArea), Math.Min(1, imageArea / pageArea));
        return new TextLayerPage(page.Width, page.Height, words, stats);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
