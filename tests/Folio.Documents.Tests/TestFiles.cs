namespace Folio.Documents.Tests;

/// <summary>Real PDFs installed by Debian documentation packages (r-doc-pdf, python-reportlab-doc).</summary>
internal static class TestFiles
{
    private static readonly string[] Candidates =
    [
        "/usr/share/R/doc/manual/R-intro.pdf",
        "/usr/share/R/doc/manual/R-FAQ.pdf",
        "/usr/share/doc/python-reportlab-doc/reportlab-userguide.pdf",
        "/usr/share/doc/libtasn1-doc/libtasn1.pdf",
    ];

    public static string? PdfPath { get; } = Candidates.FirstOrDefault(File.Exists);

    /// <summary>Every installed candidate, plus the 6.5 MB R reference manual, for timings.</summary>
    public static IEnumerable<string> AllPdfPaths =>
        Candidates.Append("/usr/share/R/doc/manual/fullrefman.pdf").Where(File.Exists);

    public static byte[] Pdf => File.ReadAllBytes(PdfPath ?? throw new InvalidOperationException("No test PDF."));
}

/// <summary>A fact that is skipped, with the reason, when no real PDF is installed.</summary>
internal sealed class PdfFactAttribute : FactAttribute
{
    public PdfFactAttribute()
    {
        if (TestFiles.PdfPath is null)
        {
            Skip = "No PDF found (install r-doc-pdf: /usr/share/R/doc/manual/R-intro.pdf).";
        }
    }
}
