using System.Security.Cryptography;
using Folio.Pipeline;
using Folio.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Functions.Tests;

/// <summary>Two starts of one job at the same moment (two POSTs, or a POST and the upload trigger) make one run.</summary>
public sealed class DuplicateStartTests : ApiHarness
{
    [Fact]
    public async Task Two_simultaneous_starts_of_one_job_make_exactly_one_run()
    {
        Recognizer.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pdf = TestPdfs.Blank(2);
        await Store.PutBytesAsync("input/twice.pdf", pdf);
        var job = DocumentJob.Create(SHA256.HashData(pdf), "twice.pdf", JobRequest.Defaults, sourceKey: "input/twice.pdf");
        using var gate = new SemaphoreSlim(0);

        async Task<(bool Started, string Status)> StartAsync()
        {
            await gate.WaitAsync();
            return await DocumentsApi.StartAsync(Host.Client, Store, job, rerunUnfinished: true, beforeStart: null, NullLogger.Instance, CancellationToken.None);
        }

        var first = StartAsync();
        var second = StartAsync();
        gate.Release(2);
        var results = await Task.WhenAll(first, second);

        Assert.Single(results, r => r.Started);
        Recognizer.Hold.SetResult();
        var status = await WaitForTerminalAsync(job.JobId);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.All(new[] { 1, 2 }, page => Assert.Equal(1, Recognizer.Attempts[page]));
    }
}
