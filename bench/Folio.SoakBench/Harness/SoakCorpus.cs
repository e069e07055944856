using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Folio.Soak;

/// <summary>One document of a soak run and what must become of it.</summary>
/// <param name="Path">The file submitted.</param>
/// <param name="Pages">Pages a good document has (every one must be read); 0 for a bad one.</param>
/// <param name="ExpectedReason">For a bad document, a fragment of the reason its job must fail with; null for a good one.</param>
internal sealed record SoakDocument(string Path, int Pages, string? ExpectedReason)
{
    public bool IsGood => ExpectedReason is null;

    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>
/// The documents of a run, written to a folder: good ones made from the repository's samples, each with bytes of its
/// own (its own job, its own page-cache entries) — the scanned page with a JPEG comment naming it, and the R-intro
/// excerpt's pages copied into a new PDF titled after it — and bad ones copied from tests/data/bad.
/// </summary>
internal static class SoakCorpus
{
    private static readonly int[][] ExcerptPages = [[1, 2, 3], [3, 2]];

    public static IReadOnlyList<SoakDocument> Write(SoakSettings settings, string folder)
    {
        if (settings.BadDocuments > BadDocuments.Expected.Count || settings.BadDocuments < 0 || settings.GoodDocuments < 1)
        {
            throw new ArgumentException($"A run needs at least one good document and at most {BadDocuments.Expected.Count} bad ones (one of each file in tests/data/bad).");
        }

        Directory.CreateDirectory(folder);
        var scan = File.ReadAllBytes(System.IO.Path.Combine(settings.Samples, "scanned-page.jpg"));
        var excerpt = System.IO.Path.Combine(settings.Samples, "r-intro-excerpt.pdf");
        var documents = new List<SoakDocument>();
        for (var i = 0; i < settings.GoodDocuments; i++)
        {
            // Scan, three PDF pages, two PDF pages, in turn: about two pages a document.
            if (i % 3 == 0)
            {
                var path = System.IO.Path.Combine(folder, $"good-{i + 1:D3}-scan.jpg");
                File.WriteAllBytes(path, WithJpegComment(scan, $"Folio soak document {i + 1}"));
                documents.Add(new SoakDocument(path, 1, null));
            }
            else
            {
                var pages = ExcerptPages[(i % 3) - 1];
                var path = System.IO.Path.Combine(folder, $"good-{i + 1:D3}-excerpt.pdf");
                File.WriteAllBytes(path, PdfOf(excerpt, pages, $"Folio soak document {i + 1}"));
                documents.Add(new SoakDocument(path, pages.Length, null));
            }
        }

        foreach (var (file, reason) in BadDocuments.Expected.Take(settings.BadDocuments))
        {
            var path = System.IO.Path.Combine(folder, "bad-" + file);
            File.Copy(System.IO.Path.Combine(settings.BadInputs, file), path);
            documents.Add(new SoakDocument(path, 0, reason));
        }

        return documents;
    }

    /// <summary>The JPEG with a COM segment right after its SOI marker: the same picture, other bytes.</summary>
    private static byte[] WithJpegComment(byte[] jpeg, string comment)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new InvalidDataException("Not a JPEG.");
        }

        var text = Encoding.ASCII.GetBytes(comment);
        var length = text.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xFE, (byte)(length >> 8), (byte)length, .. text, .. jpeg.AsSpan(2)];
    }

    /// <summary>The given pages of a PDF, in that order, in a new PDF with its own title.</summary>
    private static byte[] PdfOf(string source, IEnumerable<int> pages, string title)
    {
        using var input = PdfReader.Open(source, PdfDocumentOpenMode.Import);
        using var output = new PdfDocument();
        output.Info.Title = title;
        foreach (var page in pages)
        {
            output.AddPage(input.Pages[page - 1]);
        }

        using var stream = new MemoryStream();
        output.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}
