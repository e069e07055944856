using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Folio.Local;
using Xunit.Abstractions;

namespace Folio.Pipeline.Tests;

/// <summary>The orchestrator on the in-memory durable host with a deterministic fake recognizer.</summary>
public class OrchestratorTests(ITestOutputHelper output)
{
    private static readonly PageRetrySettings FastRetry = new() { MaxAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(250)]
    public async Task PagesComeOutInOrder(int pages)
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer { Delay = TimeSpan.FromMilliseconds(pages > 10 ? 1 : 20) };
        await using var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        var input = temp.File("doc.pdf", TestDocuments.BlankPdf(pages));
        var clock = Stopwatch.StartNew();

        var outcome = await runner.RunAsync(input, Path.Combine(temp.Path, "out"), new RunOptions { PagesPerBatch = 100, Retry = FastRetry });

        output.WriteLine($"{pages} page(s): {clock.ElapsedMilliseconds} ms");
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Equal(pages, outcome.PageCount);
        Assert.Equal(pages, outcome.PagesSucceeded);
        Assert.Empty(outcome.FailedPages);
        Assert.All(recognizer.MediaTypes, m => Assert.Equal("application/pdf", m));

        var markdown = await File.ReadAllTextAsync(Path.Combine(temp.Path, "out", "doc.md"));
        var markers = Regex.Matches(markdown, @"<!-- page (\d+) -->\n\nText of page (\d+)\n").Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).ToList();
        Assert.Equal(Enumerable.Range(1, pages).Select(n => (n, n)), markers);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(temp.Path, "out", "doc.json")));
        Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(pages, json.RootElement.GetProperty("pageCount").GetInt32());
        Assert.Equal(Enumerable.Range(1, pages), json.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("index").GetInt32()));
        Assert.Equal("doc.pdf", json.RootElement.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal("fake", json.RootElement.GetProperty("provenance").GetProperty("engine").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("failedPages").GetArrayLength());
    }

    [Fact]
    public async Task ProgressIsReportedPageByPage()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer { Delay = TimeSpan.FromMilliseconds(60) };
        await using var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { PollInterval = TimeSpan.FromMilliseconds(10) });
        var reports = new List<JobProgress>();
        var progress = new SynchronousProgress(reports);

        var outcome = await runner.RunAsync(temp.File("p.pdf", TestDocuments.BlankPdf(6)), temp.Path, new RunOptions { MaxPagesInFlight = 1 }, progress);

        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        foreach (var r in reports)
        {
            output.WriteLine($"{r.Stage} {r.PagesDone}/{r.Total} failed {r.PagesFailed}");
        }

        Assert.Contains(reports, r => r.Stage == "recognizing" && r.PagesDone > 0 && r.PagesDone < 6 && r.Total == 6);
        Assert.Equal(new JobProgress("done", 6, 0, 6), reports[^1]);
        var done = reports.Where(r => r.Total == 6).Select(r => r.PagesDone).ToList();
        Assert.Equal(done.Order(), done);
    }

    [Fact]
    public async Task TransientFailure_IsRetriedThenSucceeds()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        recognizer.TransientFailures[2] = 2;
        await using var runner = new LocalDocumentRunner(recognizer);

        var outcome = await runner.RunAsync(temp.File("t.pdf", TestDocuments.BlankPdf(3)), temp.Path, new RunOptions { Retry = FastRetry });

        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Equal(3, recognizer.Attempts[2]);
        Assert.Equal(1, recognizer.Attempts[1]);
        Assert.Equal(1, recognizer.Attempts[3]);
    }

    [Fact]
    public async Task PermanentFailures_GivePartialSuccessNamingThePages()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        recognizer.Rejected.Add(2);
        recognizer.AlwaysTransient.Add(4);
        await using var runner = new LocalDocumentRunner(recognizer);

        var outcome = await runner.RunAsync(temp.File("f.pdf", TestDocuments.BlankPdf(5)), temp.Path, new RunOptions { Retry = FastRetry });

        Assert.Equal(DocumentStatus.PartiallySucceeded, outcome.Status);
        Assert.Equal(3, outcome.PagesSucceeded);
        Assert.Equal([2, 4], outcome.FailedPages.Select(f => f.PageNumber));
        Assert.Contains("page 2 is unreadable", outcome.FailedPages[0].Reason, StringComparison.Ordinal);
        Assert.Contains("page 4 timed out", outcome.FailedPages[1].Reason, StringComparison.Ordinal);
        Assert.Equal(1, recognizer.Attempts[2]); // rejected: not retried
        Assert.Equal(3, recognizer.Attempts[4]); // transient: every attempt used

        var markdown = await File.ReadAllTextAsync(outcome.Outputs!.MarkdownKey);
        Assert.Contains("<!-- page 2 -->\n\n> **Page 2 could not be read:**", markdown, StringComparison.Ordinal);
        Assert.Contains("Text of page 5", markdown, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(outcome.Outputs.JsonKey));
        Assert.Equal("partiallySucceeded", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("failed", json.RootElement.GetProperty("pages")[1].GetProperty("status").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("failedPages")[0].GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task FailureReasons_CarryAStableCode_AndNeverTheHostsInternals()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        recognizer.Rejected.Add(2);
        recognizer.AlwaysTransient.Add(3);
        recognizer.Broken.Add(4);
        await using var runner = new LocalDocumentRunner(recognizer);

        var outcome = await runner.RunAsync(temp.File("r.pdf", TestDocuments.BlankPdf(4)), temp.Path, new RunOptions { Retry = FastRetry });

        Assert.Equal([(2, "page_refused"), (3, "recognition_failed"), (4, "internal_error")], outcome.FailedPages.Select(f => (f.PageNumber, f.Code)));
        Assert.Contains("page 2 is unreadable", outcome.FailedPages[0].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("/srv/folio", outcome.FailedPages[2].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("disk full", outcome.FailedPages[2].Reason, StringComparison.Ordinal);

        // The same in the document's JSON.
        var json = await File.ReadAllTextAsync(outcome.Outputs!.JsonKey);
        Assert.DoesNotContain("/srv/folio", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("internal_error", document.RootElement.GetProperty("failedPages")[2].GetProperty("code").GetString());
    }

    [Fact]
    public async Task EveryPageFailing_IsFailed()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        recognizer.Rejected.UnionWith([1, 2]);
        await using var runner = new LocalDocumentRunner(recognizer);

        var outcome = await runner.RunAsync(temp.File("x.pdf", TestDocuments.BlankPdf(2)), temp.Path, new RunOptions { Retry = FastRetry });

        Assert.Equal(DocumentStatus.Failed, outcome.Status);
        Assert.Contains("No page could be read", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "The upload is empty")]
    [InlineData("text", "not a PDF, PNG")]
    [InlineData("brokenpdf", "PDF could not be read")]
    [InlineData("badselection", "does not fit the document")]
    public async Task UnreadableDocument_FailsQuickly(string kind, string reason)
    {
        using var temp = new TempFolder();
        var bytes = kind switch
        {
            "empty" => [],
            "text" => "hello, this is not a document"u8.ToArray(),
            "brokenpdf" => "%PDF-1.7\n1 0 obj garbage"u8.ToArray(),
            _ => TestDocuments.BlankPdf(2),
        };
        var recognizer = new FakeRecognizer();
        await using var runner = new LocalDocumentRunner(recognizer);
        var clock = Stopwatch.StartNew();

        var outcome = await runner.RunAsync(temp.File("bad.pdf", bytes), temp.Path, new RunOptions { Pages = kind == "badselection" ? PageRanges.Parse("2-5") : null });

        output.WriteLine($"{kind}: {clock.ElapsedMilliseconds} ms: {outcome.Reason}");
        Assert.Equal(DocumentStatus.Failed, outcome.Status);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.Outputs);
        Assert.Empty(recognizer.Attempts);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task PageSelection_OnlyThosePages()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        await using var runner = new LocalDocumentRunner(recognizer);

        var outcome = await runner.RunAsync(temp.File("s.pdf", TestDocuments.BlankPdf(6)), temp.Path, new RunOptions { Pages = PageRanges.Parse("2-3,6") });

        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Equal([2, 3, 6], recognizer.Attempts.Keys.Order());
        var markdown = await File.ReadAllTextAsync(outcome.Outputs!.MarkdownKey);
        Assert.Equal(["2", "3", "6"], Regex.Matches(markdown, @"<!-- page (\d+) -->").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task Images_OnePageEach_TiffFramesAsPng()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        await using var runner = new LocalDocumentRunner(recognizer);

        var png = await runner.RunAsync(temp.File("a.png", TestDocuments.Png(40, 30)), temp.Path);
        var tiff = await runner.RunAsync(temp.File("b.tif", TestDocuments.MultiPageTiff(3)), temp.Path);

        Assert.Equal((DocumentStatus.Succeeded, 1), (png.Status, png.PageCount));
        Assert.Equal((DocumentStatus.Succeeded, 3), (tiff.Status, tiff.PageCount));
        Assert.Equal(["image/png", "image/png", "image/png", "image/png"], recognizer.MediaTypes);
    }

    [Fact]
    public async Task SecondRun_WithAKeptWorkFolder_ReusesFinishedPages()
    {
        using var temp = new TempFolder();
        var recognizer = new FakeRecognizer();
        await using var runner = new LocalDocumentRunner(recognizer, new LocalRunnerOptions { WorkDirectory = Path.Combine(temp.Path, "work") });
        var input = temp.File("r.pdf", TestDocuments.BlankPdf(3));

        var first = await runner.RunAsync(input, temp.Path);
        var second = await runner.RunAsync(input, temp.Path);

        Assert.Equal(DocumentStatus.Succeeded, second.Status);
        Assert.Equal(first.JobId, second.JobId);
        Assert.All(recognizer.Attempts.Values, n => Assert.Equal(1, n));
    }

    private sealed class SynchronousProgress(List<JobProgress> reports) : IProgress<JobProgress>
    {
        public void Report(JobProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
