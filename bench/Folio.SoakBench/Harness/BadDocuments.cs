namespace Folio.Soak;

/// <summary>
/// The files of tests/data/bad and a fragment of the reason a job of each fails with, in the order a soak run takes
/// them (kinds mixed: PDF, image, not a document). Shared with PipelineAgainstServiceTests.
/// </summary>
internal static class BadDocuments
{
    public static IReadOnlyList<(string File, string Reason)> Expected { get; } =
    [
        ("encrypted.pdf", "password-protected"),
        ("truncated.png", "could not be decoded"),
        ("html-named.pdf", "not a PDF"),
        ("zero-pages.pdf", "no pages"),
        ("huge-dimensions.png", "pixels"),
        ("truncated.pdf", "PDF could not be read"),
        ("zero-bytes.pdf", "empty"),
    ];
}
