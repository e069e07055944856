using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Folio.Contracts;
using Folio.Documents;
using Folio.Local;
using Folio.Pipeline;
using Folio.Soak;
using Folio.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Folio.Inference.Tests;

/// <summary>
/// The orchestrator on the Azure Storage backend (Azurite) calling the real inference service over real HTTP on
/// loopback: an outage in the middle of a job, and the bad-input corpus.
/// </summary>
public sealed class PipelineAgainstServiceTests(ITestOutputHelper output)
{
    [AzuriteModelsFact]
    public async Task ServiceStoppedAndRestartedMidJob_EveryPageDoneExactlyOnce()
    {
        var port = ServiceProcess.FreePort();
        var service = await StartServiceAsync(port);
        using var temp = new TempDirectory();
        var input = Path.Combine(temp.Path, "twenty.pdf");
        await File.WriteAllBytesAsync(input, TestPdfs.Blank(20));
        var counting = new CountingRecognizer(HttpRecognizer(port));
        var hub = "folioout" + Guid.NewGuid().ToString("N")[..8];
        var options = new RunOptions
        {
            Dpi = 72,
            ForceOcr = true,
            MaxPagesInFlight = 2,
            Retry = new PageRetrySettings { MaxAttempts = 30, FirstDelay = TimeSpan.FromMilliseconds(500), BackoffCoefficient = 1.5, MaxDelay = TimeSpan.FromSeconds(2) },
        };

        DocumentOutcome outcome;
        await using (var runner = new LocalDocumentRunner(counting, new LocalRunnerOptions { Backend = DurableBackendKind.AzureStorage, TaskHubName = hub, DeleteTaskHubOnDispose = true }))
        {
            var job = runner.RunAsync(input, Path.Combine(temp.Path, "out"), options);
            await WaitUntilAsync(() => counting.Succeeded.Count >= 4, job);
            await service.DisposeAsync(); // the outage: connections refused from now on
            var doneAtStop = counting.Succeeded.Count;
            await WaitUntilAsync(() => counting.Failures >= 3, job);
            service = await StartServiceAsync(port);
            outcome = await job;
            output.WriteLine($"stopped after {doneAtStop} pages; {counting.Failures} failed calls during the outage; {counting.Succeeded.Count} pages in all");
            Assert.True(doneAtStop < 20, "the outage came too late to matter");
        }

        await service.DisposeAsync();
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Equal(20, outcome.PagesSucceeded);
        Assert.True(counting.Failures >= 3);
        Assert.All(Enumerable.Range(1, 20), page => Assert.Equal(1, counting.Succeeded.GetValueOrDefault(page)));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(outcome.Outputs!.JsonKey));
        var indices = json.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("index").GetInt32()).ToArray();
        Assert.Equal(Enumerable.Range(1, 20), indices);
    }

    [ModelsFact]
    public async Task MorePagesThanSlots_NoPageFails_BusyAnswersAreWaitedOut()
    {
        var port = ServiceProcess.FreePort();
        var service = await StartServiceAsync(port, new Dictionary<string, string?> { ["Inference:MaxPagesInFlight"] = "1", ["Inference:RetryAfterSeconds"] = "1" });
        using var temp = new TempDirectory();
        var input = Path.Combine(temp.Path, "twelve.pdf");
        await File.WriteAllBytesAsync(input, TestPdfs.Blank(12));
        var counting = new CountingRecognizer(HttpRecognizer(port));
        // Twelve pages at once against one slot, and no retry after a fault: only busy answers are waited out.
        var options = new RunOptions { Dpi = 150, ForceOcr = true, MaxPagesInFlight = 12, Retry = new PageRetrySettings { MaxAttempts = 1 } };
        DocumentOutcome outcome;
        await using (var runner = new LocalDocumentRunner(counting, new LocalRunnerOptions()))
        {
            outcome = await runner.RunAsync(input, Path.Combine(temp.Path, "out"), options);
        }

        await service.DisposeAsync();
        output.WriteLine($"{counting.Calls} calls, {counting.Failures} busy");
        Assert.Equal(DocumentStatus.Succeeded, outcome.Status);
        Assert.Equal(12, outcome.PagesSucceeded);
        Assert.True(counting.Failures > 0, "the service was never busy: the test proves nothing");
        Assert.All(Enumerable.Range(1, 12), page => Assert.Equal(1, counting.Succeeded.GetValueOrDefault(page)));
    }

    /// <summary>Each file of tests/data/bad with its reason (shared with the soak run), and a PDF over the page limit.</summary>
    public static TheoryData<string, string> BadInputs
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var (file, reason) in BadDocuments.Expected)
            {
                cases.Add(file, reason);
            }

            cases.Add("over-page-limit", "pages; the limit is 5");
            return cases;
        }
    }

    [AzuriteModelsTheory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_FailsFast_WithTheReason_AndTheServiceKeepsAnswering(string file, string reason)
    {
        var port = ServiceProcess.FreePort();
        await using var service = await StartServiceAsync(port);
        using var temp = new TempDirectory();
        var input = Path.Combine(temp.Path, file == "over-page-limit" ? "six.pdf" : file);
        await File.WriteAllBytesAsync(input, file == "over-page-limit" ? TestPdfs.Blank(6) : await File.ReadAllBytesAsync(Path.Combine(RepoPaths.BadInputs, file)));
        var counting = new CountingRecognizer(HttpRecognizer(port));
        var hub = "foliobad" + Guid.NewGuid().ToString("N")[..8];
        var limits = DocumentLimits.Default with { MaxPages = 5 };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        DocumentOutcome outcome;
        await using (var runner = new LocalDocumentRunner(counting, new LocalRunnerOptions { Backend = DurableBackendKind.AzureStorage, TaskHubName = hub, DeleteTaskHubOnDispose = true, Limits = limits }))
        {
            outcome = await runner.RunAsync(input, Path.Combine(temp.Path, "out"), new RunOptions { Dpi = 72, ForceOcr = true });
        }

        output.WriteLine($"{file}: {outcome.Status} in {clock.Elapsed.TotalSeconds:F1} s: {outcome.Reason}");
        Assert.Equal(DocumentStatus.Failed, outcome.Status);
        Assert.Contains(reason, outcome.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Null(outcome.Outputs); // nothing presented as a result
        Assert.Equal(0, counting.Calls); // failed before any page reached the service: no retry loop
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode);
    }

    internal static IPageRecognizer HttpRecognizer(int port)
    {
        var services = new ServiceCollection();
        services.AddHttpPageRecognizer(o =>
        {
            o.BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            o.MaxRetries = 1;
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.TotalTimeout = TimeSpan.FromSeconds(60);
        });
        return services.BuildServiceProvider().GetRequiredService<IPageRecognizer>();
    }

    internal static async Task<ServiceFactory> StartServiceAsync(int port, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = settings is null ? new ServiceFactory() : ServiceFactory.With(settings);
        // The port through Kestrel's own options: UseKestrel(port) rewrites the server's addresses after the app's
        // thread may already have bound them, which throws now and then (a race inside WebApplicationFactory).
        factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        factory.StartServer();
        await factory.ReadyClientAsync();
        return factory;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Task job)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!condition())
        {
            Assert.False(job.IsCompleted, "the job ended before the condition held");
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }

    /// <summary>Counts calls, failures, and successful recognitions per page.</summary>
    internal sealed class CountingRecognizer(IPageRecognizer inner) : IPageRecognizer
    {
        private int _calls;
        private int _failures;

        public ConcurrentDictionary<int, int> Succeeded { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public int Failures => Volatile.Read(ref _failures);

        public async Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            try
            {
                var result = await inner.RecognizeAsync(page, cancellationToken);
                Succeeded.AddOrUpdate(page.PageNumber, 1, (_, n) => n + 1);
                return result;
            }
            catch
            {
                Interlocked.Increment(ref _failures);
                throw;
            }
        }
    }

    internal sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("folio-svc-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
