using System.Security.Cryptography;
using System.Text;

namespace Folio.Pipeline;

/// <summary>
/// Job ids derived from the document's content and the options that change the result, so the same upload
/// with the same options is one job (one orchestration instance; finished pages are reused).
/// </summary>
public static class JobIds
{
    /// <summary>
    /// The per-page recognition settings every page is read with (the engine's defaults: detection side 960,
    /// orientation classifier on, lines under 0.5 confidence dropped), as they enter job ids and page-cache keys.
    /// </summary>
    internal const string RecognitionSettings = """{"DetectionMaxSide":960,"ClassifyOrientation":true,"MinLineConfidence":0.5}""";

    /// <summary>SHA-256 of a stream, read to its end.</summary>
    public static async Task<byte[]> HashAsync(Stream content, CancellationToken cancellationToken = default) =>
        await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// <c>doc-</c> and 24 hex digits of SHA-256 over the content hash and the canonical options
    /// (page selection, dpi, recognition settings, forced OCR, …). Safe as an instance id, blob path segment and file name.
    /// </summary>
    /// <remarks>
    /// The destination and formats are part of the id although they don't change the text: a second submission
    /// that asks for the outputs somewhere else is a second job, whose pages come from the page cache. So is the
    /// callback: were it not, a second submission of the same bytes with another callback would be answered with the
    /// first job (deduplicated), and its callback would never hear of it; as a job of its own it is notified, at the
    /// cost of writing the outputs again. With a destination, the name the copies get (<paramref name="copyName"/>) is
    /// part of it too: the same bytes submitted as <c>a.pdf</c> and as <c>b.pdf</c> to one destination are two jobs,
    /// whose copies are <c>a.md</c> and <c>b.md</c> (the second reads its pages from the page cache).
    /// </remarks>
    public static string Derive(
        ReadOnlySpan<byte> contentSha256, PageRanges? pages, int dpi, bool forceOcr = false,
        string? engine = null, string? destination = null, IReadOnlyList<string>? formats = null, bool acceptOcrTextLayer = false,
        string? callback = null, string? copyName = null)
    {
        var selection = pages?.Text ?? PageRanges.All.Text;
        // Each is appended only when set, so the ids of jobs without it stay what they were.
        var text = $"{Convert.ToHexString(contentSha256)}|pages={selection}|dpi={dpi}|ocr={RecognitionSettings}"
            + (forceOcr ? "|forceOcr" : string.Empty)
            + (acceptOcrTextLayer ? "|acceptOcrTextLayer" : string.Empty)
            + (string.IsNullOrEmpty(engine) ? string.Empty : "|engine=" + engine)
            + (string.IsNullOrEmpty(destination) ? string.Empty : "|to=" + destination + (string.IsNullOrEmpty(copyName) ? string.Empty : "|as=" + copyName))
            + (formats is { Count: > 0 } ? "|formats=" + string.Join(',', formats.Order(StringComparer.Ordinal)) : string.Empty)
            + (string.IsNullOrEmpty(callback) ? string.Empty : "|callback=" + callback);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "doc-" + Convert.ToHexStringLower(hash)[..24];
    }

    /// <summary>12 hex digits of a job id, enough to tell the jobs of one destination apart in a file name.</summary>
    public static string Abbreviated(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var hex = jobId.StartsWith("doc-", StringComparison.Ordinal) ? jobId[4..] : jobId;
        return hex.Length <= 12 ? hex : hex[..12];
    }
}
