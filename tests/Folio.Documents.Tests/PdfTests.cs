using System.Diagnostics;
using Folio.Pages.Imaging;
using PdfSharp.Pdf.IO;
using Xunit.Abstractions;
using SharpDocument = PdfSharp.Pdf.PdfDocument;

namespace Folio.Documents.Tests;

public class PdfTests(ITestOutputHelper output)
{
    private const int TextPage = 5;

    [PdfFact]
    public void Render_150Dpi_MatchesPageSizeAndHasInk()
    {
        using var document = DocumentOpener.Open(TestFiles.Pdf, DocumentLimits.Default);
        var size = document.GetPageSize(TextPage);

        var page = document.RenderPage(TextPage, 150);

        Assert.Equal(DocumentType.Pdf, document.Type);
        Assert.InRange(page.Width, (size.WidthPoints * 150 / 72) - 1, (size.WidthPoints * 150 / 72) + 1);
        Assert.InRange(page.Height, (size.HeightPoints * 150 / 72) - 1, (size.HeightPoints * 150 / 72) + 1);
        Assert.Equal(page.Width * 4, page.Stride);
        var dark = DarkFraction(page);
        Assert.InRange(dark, 0.005, 0.5);
        for (var i = 3; i < page.Bgra.Length; i += 4)
        {
            Assert.True(page.Bgra[i] == 255, "Every pixel is opaque.");
        }
    }

    [PdfFact]
    public void PageCount_MatchesPdfPigAndPdfSharp()
    {
        var bytes = TestFiles.Pdf;
        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        using var pig = UglyToad.PdfPig.PdfDocument.Open(bytes);

        Assert.Equal(pig.NumberOfPages, document.PageCount);
        Assert.Equal(pig.NumberOfPages, PdfPages.CountPages(bytes));
        Assert.Equal(DocumentErrorKind.PageOutOfRange, Assert.Throws<DocumentException>(() => document.GetPageSize(document.PageCount)).Kind);
    }

    [PdfFact]
    public void ExtractPage_GivesOnePagePdfWithTheSameText()
    {
        var bytes = TestFiles.Pdf;

        var single = PdfPages.ExtractPage(bytes, TextPage);

        Assert.Equal(1, PdfPages.CountPages(single));
        var expected = PdfTextLayer.ReadText(bytes, TextPage);
        Assert.True(expected.Length > 200, $"Page {TextPage} has little text: '{expected}'.");
        Assert.Equal(expected, PdfTextLayer.ReadText(single, 0));
        using var document = DocumentOpener.Open(single, DocumentLimits.Default);
        Assert.Equal(1, document.PageCount);
        Assert.Equal(
            DocumentErrorKind.PageOutOfRange,
            Assert.Throws<DocumentException>(() => PdfPages.ExtractPage(bytes, -1)).Kind);
    }

    [PdfFact]
    public void Splitter_ExtractsEveryPageFromOneParse()
    {
        var bytes = TestFiles.Pdf;
        using var splitter = new PdfSplitter(bytes);

        var last = splitter.ExtractPage(splitter.PageCount - 1);
        var again = splitter.ExtractPage(TextPage);

        Assert.Equal(PdfTextLayer.ReadText(bytes, splitter.PageCount - 1), PdfTextLayer.ReadText(last, 0));
        Assert.Equal(PdfTextLayer.ReadText(bytes, TextPage), PdfTextLayer.ReadText(again, 0));
        Assert.Equal(DocumentErrorKind.PageOutOfRange, Assert.Throws<DocumentException>(() => splitter.ExtractPage(splitter.PageCount)).Kind);
    }

    [PdfFact]
    public void PasswordProtectedPdf_IsEncryptedEverywhere()
    {
        var bytes = Rebuild(TestFiles.Pdf, TextPage, rotate: 0, userPassword: "user", ownerPassword: "owner");

        Assert.Equal(DocumentErrorKind.Encrypted, Assert.Throws<DocumentException>(() => DocumentOpener.Open(bytes, DocumentLimits.Default)).Kind);
        Assert.Equal(DocumentErrorKind.Encrypted, Assert.Throws<DocumentException>(() => PdfTextLayer.ReadText(bytes, 0)).Kind);
        Assert.Equal(DocumentErrorKind.Encrypted, Assert.Throws<DocumentException>(() => PdfPages.ExtractPage(bytes, 0)).Kind);
    }

    [PdfFact]
    public void OwnerPasswordOnly_OpensWithoutPassword()
    {
        var bytes = Rebuild(TestFiles.Pdf, TextPage, rotate: 0, userPassword: null, ownerPassword: "owner");

        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);

        Assert.True(DarkFraction(document.RenderPage(0, 50)) > 0.005);
        Assert.Equal(PdfTextLayer.ReadText(TestFiles.Pdf, TextPage), PdfTextLayer.ReadText(bytes, 0));
    }

    [PdfFact]
    public void DpiOverMaxPixels_IsTooLargeBeforeRendering()
    {
        using var document = DocumentOpener.Open(TestFiles.Pdf, DocumentLimits.Default);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DocumentException>(() => document.RenderPage(0, 2400));

        Assert.Equal(DocumentErrorKind.TooLarge, error.Kind);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [PdfFact]
    public void PageSideOverLimit_IsTooLarge()
    {
        using var document = DocumentOpener.Open(TestFiles.Pdf, new DocumentLimits { MaxPageSidePoints = 300 });
        Assert.Equal(DocumentErrorKind.TooLarge, Assert.Throws<DocumentException>(() => document.RenderPage(0, 10)).Kind);
        Assert.Equal(
            DocumentErrorKind.TooLarge,
            Assert.Throws<DocumentException>(() => DocumentOpener.Open(TestFiles.Pdf, new DocumentLimits { MaxPages = 10 })).Kind);
    }

    [PdfFact]
    public void GarbageAfterPdfMarker_IsUndecodable()
    {
        byte[] bytes = [.. "%PDF-1.7\n"u8, .. new byte[2000]];
        Assert.Equal(DocumentErrorKind.Undecodable, Assert.Throws<DocumentException>(() => DocumentOpener.Open(bytes, DocumentLimits.Default)).Kind);
        Assert.Equal(DocumentErrorKind.Undecodable, Assert.Throws<DocumentException>(() => PdfTextLayer.ReadWords(bytes, 0)).Kind);
        Assert.Equal(DocumentErrorKind.Undecodable, Assert.Throws<DocumentException>(() => PdfPages.CountPages(bytes)).Kind);
    }

    [PdfFact]
    public void Render_IsThreadSafePerDocument()
    {
        using var document = DocumentOpener.Open(TestFiles.Pdf, DocumentLimits.Default);
        var expected = document.RenderPage(TextPage, 40).Bgra;

        Parallel.For(0, 8, _ => Assert.Equal(expected, document.RenderPage(TextPage, 40).Bgra));
    }

    [PdfFact]
    public void Render_TimePerPageAt150Dpi()
    {
        foreach (var path in TestFiles.AllPdfPaths)
        {
            var bytes = File.ReadAllBytes(path);
            var watch = Stopwatch.StartNew();
            using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
            var openMs = watch.Elapsed.TotalMilliseconds;
            document.RenderPage(0, 150); // warm-up: fonts and caches

            var pages = Math.Min(document.PageCount, 20);
            var times = new List<double>();
            for (var i = 0; i < pages; i++)
            {
                watch.Restart();
                document.RenderPage(i, 150);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            watch.Restart();
            PdfPages.ExtractPage(bytes, pages - 1);
            var extractMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            PdfTextLayer.ReadWords(bytes, pages - 1);
            var wordsMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            using var splitter = new PdfSplitter(bytes);
            var parseMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var splitBytes = Enumerable.Range(0, pages).Sum(i => (long)splitter.ExtractPage(i).Length);
            var splitMs = watch.Elapsed.TotalMilliseconds / pages;

            times.Sort();
            output.WriteLine(
                $"{Path.GetFileName(path)} ({bytes.Length:N0} bytes, {document.PageCount} pages): open {openMs:F1} ms; "
                + $"150 dpi render over the first {pages} pages: median {times[pages / 2]:F1} ms, min {times[0]:F1}, max {times[^1]:F1}, mean {times.Average():F1}; "
                + $"ExtractPage {extractMs:F1} ms; ReadWords {wordsMs:F1} ms; PdfSplitter parse {parseMs:F1} ms then {splitMs:F1} ms "
                + $"and {splitBytes / pages / 1024} KiB a page.");
        }
    }

    [PdfTheory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void TextLayerBoxes_LandOnInk_WithPageRotation(int rotate)
    {
        var bytes = Rebuild(TestFiles.Pdf, TextPage, rotate, userPassword: null, ownerPassword: null);
        using var document = DocumentOpener.Open(bytes, DocumentLimits.Default);
        var page = document.RenderPage(0, 72);
        var words = PdfTextLayer.ReadWords(bytes, 0);

        var inked = words.Count(word => HasInk(page, word));

        output.WriteLine($"rotate {rotate}: page {page.Width}×{page.Height}, {inked}/{words.Count} word boxes on ink; first {words[0]}");
        Assert.True(words.Count > 50);
        Assert.True(inked >= words.Count * 0.95, $"Only {inked} of {words.Count} word boxes cover dark pixels.");
        Assert.All(words, word => Assert.True(word.Left < word.Right && word.Top < word.Bottom, word.ToString()));
    }

    /// <summary>A new PDF holding one page of the source, optionally rotated and password-protected.</summary>
    private static byte[] Rebuild(byte[] pdf, int pageIndex, int rotate, string? userPassword, string? ownerPassword)
    {
        using var source = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        using var target = new SharpDocument();
        var page = target.AddPage(source.Pages[pageIndex]);
        page.Rotate = rotate;
        if (ownerPassword is not null)
        {
            target.SecuritySettings.OwnerPassword = ownerPassword;
        }

        if (userPassword is not null)
        {
            target.SecuritySettings.UserPassword = userPassword;
        }

        using var stream = new MemoryStream();
        target.Save(stream, false);
        return stream.ToArray();
    }

    private static double DarkFraction(RasterImage page)
    {
        var dark = 0;
        for (var i = 0; i < page.Bgra.Length; i += 4)
        {
            if (page.Bgra[i] + page.Bgra[i + 1] + page.Bgra[i + 2] < 3 * 128)
            {
                dark++;
            }
        }

        return dark / (double)(page.Width * page.Height);
    }

    private static bool HasInk(RasterImage page, TextLayerWord word)
    {
        for (var y = Math.Max(0, (int)word.Top); y <= Math.Min(page.Height - 1, (int)word.Bottom); y++)
        {
            for (var x = Math.Max(0, (int)word.Left); x <= Math.Min(page.Width - 1, (int)word.Right); x++)
            {
                if (TestImages.At(page, x, y).G < 160)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>A theory that is skipped, with the reason, when no real PDF is installed.</summary>
internal sealed class PdfTheoryAttribute : TheoryAttribute
{
    public PdfTheoryAttribute()
    {
        if (TestFiles.PdfPath is null)
        {
            Skip = "No PDF found (install r-doc-pdf: /usr/share/R/doc/manual/R-intro.pdf).";
        }
    }
}
