using System.Net;
using System.Text.Json;
using Folio.Pipeline;
using Folio.Testing;

namespace Folio.Functions.Tests;

/// <summary>After the start: status, results, re-runs, delete (cancel) and retention.</summary>
public sealed class JobLifecycleTests : ApiHarness
{
    [Fact]
    public async Task Result_StreamsMarkdownAndJson_ButNotBeforeTheEnd()
    {
        Recognizer.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = IdOf(await PostRawAsync(TestPdfs.Blank(2), "application/pdf", "?name=two.pdf"));

        var early = await GetResultAsync(id);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("ready when", early.Text(), StringComparison.Ordinal);

        Recognizer.Hold.SetResult();
        await WaitForTerminalAsync(id);
        var markdown = await GetResultAsync(id);
        var json = await GetResultAsync(id, "?format=json");

        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.StartsWith("text/markdown", markdown.Headers.GetValues("Content-Type").Single(), StringComparison.Ordinal);
        Assert.Contains("Text of page 2", markdown.Text(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Text());
        Assert.Equal(2, document.RootElement.GetProperty("pages").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetResultAsync(id, "?format=docx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetResultAsync("doc-nope")).StatusCode);
    }

    [Fact]
    public async Task PartialFailure_ReportsPages_AndASecondSubmissionReRunsOnlyTheFailedOnes()
    {
        Recognizer.Rejected.Add(2);
        await Store.PutBytesAsync("input/f.pdf", TestPdfs.Blank(3));

        var id = IdOf(await PostJsonAsync("""{"source":"f.pdf","options":{"pages":"1-2"}}"""));
        var status = await WaitForTerminalAsync(id);

        Assert.Equal("partiallySucceeded", status.GetProperty("status").GetString());
        var failed = Assert.Single(status.GetProperty("failedPages").EnumerateArray());
        Assert.Equal(2, failed.GetProperty("page").GetInt32());
        Assert.Contains("page 2 rejected", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, status.GetProperty("progress").GetProperty("total").GetInt32());
        Assert.Equal(1, Recognizer.Attempts[2]); // a rejection (4xx) is not retried

        Recognizer.Rejected.Clear();
        var again = await PostJsonAsync("""{"source":"f.pdf","options":{"pages":"1-2"}}""");
        Assert.Equal(id, IdOf(again));
        var rerun = await WaitForTerminalAsync(id);

        Assert.Equal("succeeded", rerun.GetProperty("status").GetString());
        Assert.Equal(1, Recognizer.Attempts[1]); // finished page reused
        Assert.Equal(2, Recognizer.Attempts[2]);
    }

    [Fact]
    public async Task BusyAnswers_AreWaitedOut_WithoutCountingAsFaults()
    {
        // Each page is refused as busy three times, asking for a second's wait: more than the two attempts a fault gets.
        foreach (var page in new[] { 1, 2, 3 })
        {
            Recognizer.Busy[page] = 3;
        }

        Recognizer.Faults[4] = 5;
        var id = IdOf(await PostRawAsync(TestPdfs.Blank(4), "application/pdf", "?name=busy.pdf"));
        var status = await WaitForTerminalAsync(id);

        Assert.Equal("partiallySucceeded", status.GetProperty("status").GetString());
        var failed = Assert.Single(status.GetProperty("failedPages").EnumerateArray());
        Assert.Equal(4, failed.GetProperty("page").GetInt32());
        Assert.Equal(2, Recognizer.Attempts[4]); // a fault: two attempts, as configured
        Assert.All(new[] { 1, 2, 3 }, page => Assert.Equal(4, Recognizer.Attempts[page]));
    }

    [Fact]
    public async Task UnreadableUpload_FailsWithTheReason()
    {
        await Store.PutBytesAsync("input/notes.txt", "just text"u8.ToArray());

        var status = await WaitForTerminalAsync(IdOf(await PostJsonAsync("""{"source":"notes.txt"}""")));

        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("not a PDF", status.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await GetResultAsync(status.GetProperty("id").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task Delete_CancelsARunningJob_ThenRemovesFilesAndHistory()
    {
        Recognizer.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = IdOf(await PostRawAsync(TestPdfs.Blank(3), "application/pdf"));
        await WaitUntilAsync(() => !Recognizer.Attempts.IsEmpty);
        Assert.NotEmpty(await KeysAsync($"work/{id}/"));

        var response = await DeleteAsync(id);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(id)).StatusCode);
        Recognizer.Hold.SetResult(); // the page calls in flight finish after the delete…
        await Task.Delay(500);
        Assert.Null(await Host.Client.GetInstanceAsync(id)); // …and do not bring the job back
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync("doc-x:batch:1")).StatusCode);
    }

    [Fact]
    public async Task Delete_AFinishedJob_RemovesItsOutputs()
    {
        var id = IdOf(await PostRawAsync(TestPdfs.Blank(1), "application/pdf", "?name=one.pdf"));
        await WaitForTerminalAsync(id);
        Assert.NotEmpty(await KeysAsync($"output/{id}/"));

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(id)).StatusCode);

        Assert.Empty(await KeysAsync($"output/{id}/"));
        Assert.Empty(await KeysAsync($"work/{id}/"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetResultAsync(id)).StatusCode);
    }

    [Fact]
    public async Task Delete_RemovesTheCachedPagesNoOtherJobUses()
    {
        await Store.PutBytesAsync("input/shared.pdf", TestPdfs.Blank(2));
        var both = IdOf(await PostJsonAsync("""{"source":"shared.pdf","options":{"pages":"1-2"}}"""));
        await WaitForTerminalAsync(both);
        var second = IdOf(await PostJsonAsync("""{"source":"shared.pdf","options":{"pages":"2"}}"""));
        await WaitForTerminalAsync(second);
        Assert.NotEqual(both, second);
        Assert.Equal(2, (await KeysAsync("cache/pages/")).Count);

        // Page 1 was only the first job's; page 2 the second job reused from the cache.
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(both)).StatusCode);
        Assert.Single(await KeysAsync("cache/pages/"));

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(second)).StatusCode);
        Assert.Empty(await KeysAsync("cache/pages/"));
        Assert.Empty(await KeysAsync("cache/users/"));
    }

    [Fact]
    public async Task Retention_PurgesOldFinishedJobs_AndOldCachedPages_NotRunningOnes()
    {
        var done = IdOf(await PostRawAsync(TestPdfs.Blank(1), "application/pdf", "?name=old.pdf"));
        await WaitForTerminalAsync(done);
        Recognizer.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = IdOf(await PostRawAsync(TestPdfs.Blank(2), "application/pdf", "?name=busy.pdf"));
        await WaitUntilAsync(() => Recognizer.Attempts.Count >= 2);
        Assert.NotEmpty(await KeysAsync("cache/pages/"));

        // Nothing is old yet.
        var none = await Housekeeping.SweepAsync(Host.Client, TimeSpan.FromDays(30), DateTimeOffset.UtcNow);
        Assert.Equal(new RetentionReport(0, 0), none);

        // A day later, with a retention of an hour.
        var report = await Housekeeping.SweepAsync(Host.Client, TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(1, report.Jobs);
        Assert.Null(await Host.Client.GetInstanceAsync(done));
        Assert.Empty(await KeysAsync($"output/{done}/"));
        Assert.Empty(await KeysAsync($"work/{done}/"));
        Assert.Empty(await KeysAsync("cache/pages/"));
        Assert.NotNull(await Host.Client.GetInstanceAsync(running));
        Assert.NotEmpty(await KeysAsync($"work/{running}/"));
        Recognizer.Hold.SetResult();
        Assert.Equal("succeeded", (await WaitForTerminalAsync(running)).GetProperty("status").GetString());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }
}
