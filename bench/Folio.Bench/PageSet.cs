using Folio.Documents;

namespace Folio.Bench;

/// <summary>A rendered page with its ground truth.</summary>
internal sealed record BenchPage(string Name, byte[] Png, string Truth);

/// <summary>Chooses real pages: dense prose pages of born-digital PDFs, rendered at a fixed dpi.</summary>
internal static class PageSet
{
    private static readonly string[] Pdfs =
    [
        "/usr/share/doc/r-doc-pdf/manual/R-intro.pdf",
        "/usr/share/doc/r-doc-pdf/manual/R-FAQ.pdf",
        "/usr/share/doc/r-doc-pdf/manual/R-data.pdf",
        "/usr/share/doc/r-doc-pdf/manual/R-admin.pdf",
    ];

    /// <summary>
    /// Takes every 5th page from page 10 on (past title and contents pages) whose text layer has at least 250 words,
    /// round-robin over the PDFs, until <paramref name="count"/> pages are found. Deterministic. Another
    /// <paramref name="firstPage"/> (1-based) whose distance from 10 is not a multiple of 5 gives pages the bench
    /// never reads (INT8 calibration takes its lines from those).
    /// </summary>
    public static List<BenchPage> Load(int count, int dpi, int firstPage = 10)
    {
        var available = Pdfs.Where(File.Exists).ToList();
        if (available.Count == 0)
        {
            throw new InvalidOperationException("No PDFs: apt-get install r-doc-pdf");
        }

        var documents = available.Select(p => (Path: p, Bytes: File.ReadAllBytes(p))).ToList();
        var cursors = documents.Select(_ => firstPage - 1).ToArray();
        var pages = new List<BenchPage>();
        while (pages.Count < count && cursors.Any(c => c >= 0))
        {
            for (var d = 0; d < documents.Count && pages.Count < count; d++)
            {
                if (cursors[d] < 0)
                {
                    continue;
                }

                var (path, bytes) = documents[d];
                using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
                while (cursors[d] < document.PageCount)
                {
                    var index = cursors[d];
                    cursors[d] += 5;
                    var words = PdfTextLayer.ReadWords(bytes, index);
                    if (words.Count < 250)
                    {
                        continue;
                    }

                    var raster = document.RenderPage(index, dpi);
                    pages.Add(new BenchPage($"{Path.GetFileNameWithoutExtension(path)} p{index + 1}", Png.Encode(raster), PdfTextLayer.ReadText(bytes, index)));
                    break;
                }

                if (cursors[d] >= document.PageCount)
                {
                    cursors[d] = -1;
                }
            }
        }

        return pages;
    }
}
