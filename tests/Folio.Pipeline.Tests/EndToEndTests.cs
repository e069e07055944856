using System.Diagnostics;
using System.Text.Json;
using Folio.Documents;
using Folio.Local;
using Folio.Ocr;
using Folio.Testing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Xunit.Abstractions;

namespace Folio.Pipeline.Tests;

/// <summary>The same orchestrator on DurableTask.AzureStorage (Azurite) with the real engine on a real PDF.</summary>
public class EndToEndTests(ITestOutputHelper output)
{
    [EngineOnAzuriteFact]
    public async Task RealPdf_OnAzureStorageBackend_MatchesTheTextLayer()
    {
        using var temp = new TempFolder();
        var pdf = RealPdf.ThreePages();
        var input = temp.File("r-intro-3.pdf", pdf);
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = RepoPaths.Models });
        using var recognizer = new EnginePageRecognizer(engine);
        var hub = "foliotest" + Guid.NewGuid().ToString("N")[..8];
        var reports = new List<JobProgress>();
        var clock = Stopwatch.StartNew();
        DocumentOutcome outcome;
        await using (var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { Backend = DurableBackendKind.AzureStorage, TaskHubName = hub, DeleteTaskHubOnDispose = true }))
        {
            outcome = await runner.RunAsync(input, Path.Combine(temp.Path, "out"), new RunOptions { Dpi = 150, ForceOcr = true }, new InlineProgress(reports));
        }

        output.WriteLine($"3 pages on Azurite with the engine: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Equal(3, outcome.PagesSucceeded);
        Assert.Contains(reports, r => r.Stage == "done" && r.PagesDone == 3);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(outcome.Outputs!.JsonKey));
        var pages = json.RootElement.GetProperty("pages").EnumerateArray().ToList();
        Assert.Equal(3, pages.Count);
        for (var i = 0; i < 3; i++)
        {
            var ocr = string.Join(' ', pages[i].GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
            var truth = PdfTextLayer.ReadText(pdf, i);
            var cer = TextMetrics.Cer(truth, ocr);
            output.WriteLine($"page {i + 1}: CER {TextMetrics.Percent(cer)} over {TextMetrics.Collapse(truth).Length} chars");
            Assert.True(cer <= 0.02, $"page {i + 1}: CER {TextMetrics.Percent(cer)}\nOCR:   {TextMetrics.Collapse(ocr)}\nTRUTH: {TextMetrics.Collapse(truth)}");
        }

        var markdown = await File.ReadAllTextAsync(outcome.Outputs.MarkdownKey);
        Assert.Equal(3, markdown.Split("<!-- page ").Length - 1);
    }

    private sealed class InlineProgress(List<JobProgress> reports) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => reports.Add(value);
    }
}

internal static class RealPdf
{
    public static string? Path => RepoPaths.RealPdf;

    /// <summary>Three pages of "An Introduction to R" (13, 20 and 25 of the manual: one short, two full; chosen for their text-layer order matching the reading order, and for OCR time on a CPU).</summary>
    public static byte[] ThreePages()
    {
        using var source = PdfReader.Open(Path!, PdfDocumentOpenMode.Import);
        using var target = new PdfDocument();
        foreach (var index in new[] { 12, 19, 24 })
        {
            target.AddPage(source.Pages[index]);
        }

        using var stream = new MemoryStream();
        target.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}

/// <summary>Skipped with a reason without Azurite, the models or the R manual.</summary>
internal sealed class EngineOnAzuriteFactAttribute : FactAttribute
{
    public EngineOnAzuriteFactAttribute()
    {
        if (!Azurite.IsReachable)
        {
            Skip = Azurite.SkipReason;
        }
        else if (!RepoPaths.ModelsPresent)
        {
            Skip = $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh.";
        }
        else if (RepoPaths.RealPdf is null)
        {
            Skip = "No real PDF: install Debian r-doc-pdf (apt-get install r-doc-pdf).";
        }
    }
}
