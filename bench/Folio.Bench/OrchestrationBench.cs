using System.Diagnostics;
using Folio.Contracts;
using Folio.Local;
using Folio.Pipeline;

namespace Folio.Bench;

/// <summary>
/// Orchestration overhead: a real 200-page PDF through DocumentOrchestrator with an instant recognizer, so what is
/// timed is splitting, storage, scheduling, history and assembly. Usage: folio-bench orchestration [memory|azurite] [pages]
/// </summary>
internal static class OrchestrationBench
{
    public static async Task RunAsync(string[] args)
    {
        var backend = args.Length > 1 && args[1] == "azurite" ? DurableBackendKind.AzureStorage : DurableBackendKind.InMemory;
        var pages = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
        const string Pdf = "/usr/share/doc/r-doc-pdf/manual/R-exts.pdf";
        var output = Directory.CreateTempSubdirectory("folio-orch-");
        var options = new LocalRunnerOptions { Backend = backend, TaskHubName = "foliobench" + Environment.ProcessId, DeleteTaskHubOnDispose = true };
        await using var runner = new LocalDocumentRunner(new InstantRecognizer(), options);
        var clock = Stopwatch.StartNew();
        var outcome = await runner.RunAsync(Pdf, output.FullName, new RunOptions { Pages = PageRanges.Parse($"1-{pages}"), ForceOcr = true });
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"{backend}: {outcome.Status}, {outcome.PagesSucceeded}/{outcome.PageCount} pages of R-exts.pdf in {seconds:F1} s = {seconds * 1000 / pages:F1} ms a page (instant recognizer; split, storage, history and assembly included; backend start included)");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        output.Delete(recursive: true);
    }

    private sealed class InstantRecognizer : IPageRecognizer
    {
        public Task<PageResult> RecognizeAsync(PageInput page, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PageResult { PageNumber = page.PageNumber, Width = 1, Height = 1 });
    }
}
