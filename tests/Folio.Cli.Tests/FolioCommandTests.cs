using System.Diagnostics;
using System.Text.Json;
using Folio.Documents;
using Folio.Testing;

namespace Folio.Cli.Tests;

/// <summary>The built folio command, run as a process on the committed samples.</summary>
public class FolioCommandTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => FolioProcess.Run(null, args);

    [Fact]
    public void A_usage_error_exits_64_with_the_usage()
    {
        var (code, _, stderr) = Run("ocr");
        Assert.Equal(64, code);
        Assert.Contains("usage: folio ocr FILE", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("ocr", "--help")]
    public void Help_prints_the_usage_and_the_exit_codes_and_exits_0(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("ocr", stdout, StringComparison.Ordinal);
        Assert.Contains("66  an input does not exist or cannot be read", stdout, StringComparison.Ordinal);
        if (args[0] == "ocr")
        {
            Assert.Contains("--accept-ocr-text-layer", stdout, StringComparison.Ordinal);
            Assert.Contains("--verbose", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Version_prints_the_version_and_exits_0()
    {
        var (code, stdout, stderr) = Run("--version");
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
    }

    [Theory]
    [InlineData("ocr", "doc.pdf", "--colour")]
    [InlineData("ocr", "doc.pdf", "--dpi", "9000")]
    [InlineData("ocr", "doc.pdf", "s3://bucket/doc.pdf")]
    [InlineData("scan", "doc.pdf")]
    public void A_usage_error_exits_64_with_a_message(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(64, code);
        Assert.Empty(stdout);
        Assert.StartsWith("folio: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_exits_66_and_names_it()
    {
        var (code, _, stderr) = Run("ocr", Path.Combine(RepoPaths.Samples, "no-such-document.pdf"));
        Assert.Equal(66, code);
        Assert.Contains("no-such-document.pdf' does not exist", stderr, StringComparison.Ordinal);
    }

    [RealPdfFact]
    public void A_pdf_page_becomes_markdown_and_json_through_the_orchestrator()
    {
        var outDir = Directory.CreateTempSubdirectory("folio-cli-").FullName;
        var sample = Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf");
        var (code, stdout, stderr) = Run("ocr", sample, "--out", outDir, "--pages", "1");
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("1/1 pages", stderr, StringComparison.Ordinal);
        var markdownPath = Path.Combine(outDir, "r-intro-excerpt.md");
        var jsonPath = Path.Combine(outDir, "r-intro-excerpt.json");
        Assert.Equal([markdownPath, jsonPath], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        using var json = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var page = Assert.Single(json.RootElement.GetProperty("pages").EnumerateArray());
        Assert.Equal(1, page.GetProperty("index").GetInt32());
        Assert.Equal("succeeded", page.GetProperty("status").GetString());
        // A born-digital page: read from its text layer, laid out like OCR (running header first, then the body).
        Assert.Equal("textLayer", page.GetProperty("provenance").GetProperty("source").GetString());
        var block = page.GetProperty("blocks").EnumerateArray().First(b => b.GetProperty("kind").GetString() == "paragraph");
        Assert.Equal(4, block.GetProperty("lines")[0].GetProperty("polygon").GetArrayLength());

        var truth = PdfTextLayer.ReadText(File.ReadAllBytes(sample), 0);
        var markdown = File.ReadAllText(markdownPath);
        var cer = TextMetrics.Cer(truth, markdown.Replace("<!-- page 1 -->", "", StringComparison.Ordinal));
        Assert.True(cer <= 0.02, $"CER {TextMetrics.Percent(cer)}");
        Directory.Delete(outDir, recursive: true);
    }

    [RealPdfFact]
    public void Trace_prints_where_the_time_went_per_step()
    {
        var outDir = Directory.CreateTempSubdirectory("folio-cli-").FullName;
        var (code, _, stderr) = Run("ocr", Path.Combine(RepoPaths.Samples, "r-intro-excerpt.pdf"), "--out", outDir, "--pages", "1-2", "--trace", "--quiet");
        Directory.Delete(outDir, recursive: true);

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Matches(@"trace [0-9a-f]{32}\n", stderr);
        Assert.Matches(@"folio\.document\s+1\s", stderr);
        Assert.Matches(@"folio\.prepare\s+1\s", stderr);
        Assert.Matches(@"folio\.recognize_page\s+2\s", stderr);
        Assert.Matches(@"folio\.assemble\s+1\s", stderr);
    }

    [ModelsFact]
    public void A_scan_becomes_a_searchable_pdf_of_its_own_image_whose_text_is_the_json_text()
    {
        var outDir = Directory.CreateTempSubdirectory("folio-cli-").FullName;
        var sample = Path.Combine(RepoPaths.Samples, "scanned-page.jpg");
        var (code, stdout, stderr) = Run("ocr", sample, "--format", "pdf,md,json", "--out", outDir, "--quiet");
        Assert.True(code == 0, $"exit {code}: {stderr}");
        var pdfPath = Path.Combine(outDir, "scanned-page.pdf");
        Assert.Equal([Path.Combine(outDir, "scanned-page.md"), Path.Combine(outDir, "scanned-page.json"), pdfPath], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // The page is the JPEG itself: same bytes, DCT passthrough, at its own size and resolution (59 dots/cm).
        var jpeg = File.ReadAllBytes(sample);
        var pdf = File.ReadAllBytes(pdfPath);
        using (var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
        {
            var page = Assert.Single(document.Pages.Cast<PdfSharp.Pdf.PdfPage>());
            var xobjects = page.Resources.Elements.GetDictionary("/XObject")!;
            var image = (PdfSharp.Pdf.PdfDictionary)((PdfSharp.Pdf.Advanced.PdfReference)Assert.Single(xobjects.Elements.Values)!).Value;
            Assert.Equal("/DCTDecode", image.Elements.GetName("/Filter"));
            Assert.Equal(jpeg, image.Stream.Value);
            Assert.Equal(1311 * 72 / (59 * 2.54), page.Width.Point, 0.5);
            Assert.Equal(1678 * 72 / (59 * 2.54), page.Height.Point, 0.5);
        }

        // pdftotext reads back what the JSON says the page says.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "scanned-page.json")));
        var lines = json.RootElement.GetProperty("pages").EnumerateArray()
            .SelectMany(p => p.GetProperty("blocks").EnumerateArray())
            .SelectMany(b => b.GetProperty("lines").EnumerateArray())
            .Select(l => l.GetProperty("text").GetString());
        var start = new ProcessStartInfo("pdftotext", [pdfPath, "-"]) { RedirectStandardOutput = true };
        using var pdftotext = Process.Start(start)!;
        var text = pdftotext.StandardOutput.ReadToEnd();
        pdftotext.WaitForExit();
        var cer = TextMetrics.Cer(string.Join(' ', lines), text);
        Assert.True(cer <= 0.01, $"CER {TextMetrics.Percent(cer)}");
        Directory.Delete(outDir, recursive: true);
    }

    [ModelsFact]
    public void An_encrypted_pdf_fails_with_exit_1_and_a_reason()
    {
        var outDir = Directory.CreateTempSubdirectory("folio-cli-").FullName;
        var (code, _, stderr) = Run("ocr", Path.Combine(RepoPaths.BadInputs, "encrypted.pdf"), "--out", outDir, "--quiet");
        Assert.Equal(1, code);
        Assert.Contains("password", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(outDir));
    }
}
