using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Local;
using Folio.Pipeline;
using Folio.Testing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Xunit.Abstractions;
using static Folio.Inference.Tests.PipelineAgainstServiceTests;

namespace Folio.Inference.Tests;

/// <summary>
/// A PDF page poppler takes seconds to render, against <c>Inference:RenderTimeoutSeconds</c> of 0.3 s: the caller gets
/// 422 <c>too_complex</c> at the budget and the slot is free, the orchestrator fails the page without retrying it, and
/// liveness fails while the abandoned render runs past 4 × its budget, then recovers. Abandoned renders are
/// process-wide (<see cref="NativeWatchdog"/>), so these tests run alone, and each waits for its render to end.
/// </summary>
[Collection(NativeCallsGroup.Name)]
public sealed class RenderBudgetTests(ITestOutputHelper output)
{
    private const double Budget = 0.3;
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    private static Dictionary<string, string?> Settings => new()
    {
        ["Inference:RenderTimeoutSeconds"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Inference:MaxPagesInFlight"] = "1",
    };

    [ModelsFact]
    public async Task A_page_too_slow_to_render_is_422_too_complex_the_slot_is_free_and_liveness_fails_until_the_render_ends()
    {
        using var factory = ServiceFactory.With(Settings);
        var client = await factory.ReadyClientAsync();

        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync(new Uri("/v1/ocr?page=1", UriKind.Relative), Pdf(TestPdfs.SlowToRender()));
        var answeredAfter = clock.Elapsed;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("too_complex", problem.GetProperty("code").GetString());
        Assert.Contains("longer than 0.3 s to render", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(answeredAfter, TimeSpan.FromSeconds(Budget), TimeSpan.FromSeconds(Budget) + Slack);

        // The one slot is free while the render runs on: the next page is read.
        using var next = await client.PostAsync(new Uri("/v1/ocr?page=1&dpi=72", UriKind.Relative), Pdf(TestPdfs.Blank(1)));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);

        // Past 4 × its budget the abandoned render fails liveness, and shows in the metrics.
        var (status, body) = await WaitForLivenessAsync(client, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("not alive", body.GetProperty("status").GetString());
        Assert.Contains("PDF page render has run", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var metrics = PrometheusSample.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(1, PrometheusSample.Sum(metrics, "folio_renders_overrunning"));

        // When it ends, the process is alive again.
        (status, body) = await WaitForLivenessAsync(client, HttpStatusCode.OK);
        Assert.Equal("alive", body.GetProperty("status").GetString());
        output.WriteLine($"422 after {answeredAfter.TotalSeconds:F2} s; liveness failed, then recovered {clock.Elapsed.TotalSeconds:F1} s after the request");
    }

    [ModelsFact]
    public async Task A_too_complex_page_fails_once_with_its_reason_and_the_other_pages_are_read()
    {
        var port = Loopback.FreePort();
        await using var service = await StartServiceAsync(port, Settings);
        using var temp = new TempDirectory();
        var input = Path.Combine(temp.Path, "blank-then-slow.pdf");
        await File.WriteAllBytesAsync(input, BlankThenSlowToRender());
        var counting = new CountingRecognizer(HttpRecognizer(port));

        DocumentOutcome outcome;
        await using (var runner = new LocalDocumentRunner(counting))
        {
            outcome = await runner.RunAsync(input, Path.Combine(temp.Path, "out"), new RunOptions { Dpi = 72, ForceOcr = true });
        }

        output.WriteLine($"{outcome.Status}: {string.Join("; ", outcome.FailedPages.Select(f => $"page {f.PageNumber} {f.Code}: {f.Reason}"))}");
        Assert.Equal(DocumentStatus.PartiallySucceeded, outcome.Status);
        var failed = Assert.Single(outcome.FailedPages);
        Assert.Equal((2, FailureReasons.PageRefused), (failed.PageNumber, failed.Code));
        Assert.Contains("too complex to read", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(2, counting.Calls); // one call a page: the refused page was not retried
        Assert.Equal(1, counting.Failures);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitForLivenessAsync(client, HttpStatusCode.OK, afterOverrun: true);
    }

    private static ByteArrayContent Pdf(byte[] bytes) =>
        new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } };

    // Page 1 blank, page 2 the slow one.
    private static byte[] BlankThenSlowToRender()
    {
        using var blank = PdfReader.Open(new MemoryStream(TestPdfs.Blank(1)), PdfDocumentOpenMode.Import);
        using var slow = PdfReader.Open(new MemoryStream(TestPdfs.SlowToRender()), PdfDocumentOpenMode.Import);
        using var both = new PdfDocument();
        both.AddPage(blank.Pages[0]);
        both.AddPage(slow.Pages[0]);
        using var stream = new MemoryStream();
        both.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    // Polls /healthz (every 50 ms, at most two minutes) until it answers the status; with afterOverrun, first until no
    // abandoned call runs past its budget, so the next test starts clean.
    private static async Task<(HttpStatusCode Status, JsonElement Body)> WaitForLivenessAsync(HttpClient client, HttpStatusCode wanted, bool afterOverrun = false)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (response.StatusCode == wanted && !(afterOverrun && NativeWatchdog.Overruns().Count > 0))
            {
                return (response.StatusCode, body);
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"/healthz did not answer {wanted} within two minutes (last: {response.StatusCode} {body}).");
            await Task.Delay(50);
        }
    }
}

/// <summary>Tests that leave poppler calls running past their budget (process-wide state): they run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeCallsGroup
{
    public const string Name = "Native calls";
}
