using Folio.Documents;

namespace Folio.Pipeline;

/// <summary>
/// Decides, page by page during preparation, which PDF pages are read from their text layer and which are
/// OCR'd (<see cref="TextLayerJudge"/>). A text layer PdfPig cannot read sends every page to OCR, with the reason.
/// </summary>
internal static class TextLayerTriage
{
    public static Dictionary<int, TextLayerVerdict> Judge(byte[] pdf, IReadOnlyList<int> pages, DocumentJob job)
    {
        if (job.ForceOcr)
        {
            return pages.ToDictionary(p => p, _ => new TextLayerVerdict(false, "OCR forced"));
        }

        var verdicts = new Dictionary<int, TextLayerVerdict>();
        try
        {
            foreach (var (index, page) in TextLayerReader.ReadPages(pdf, pages.Select(p => p - 1)))
            {
                verdicts[index + 1] = TextLayerJudge.Judge(page.Stats, job.AcceptOcrTextLayer);
            }
        }
        catch (DocumentException ex)
        {
            foreach (var page in pages)
            {
                verdicts.TryAdd(page, new TextLayerVerdict(false, "text layer unreadable: " + ex.Message));
            }
        }

        return verdicts;
    }
}
