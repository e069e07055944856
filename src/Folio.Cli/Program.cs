using System.Diagnostics;
using Folio.Cli;
using Folio.Local;
using Folio.Ocr;
using Folio.Pipeline;
using Microsoft.Extensions.Logging;

const int Succeeded = 0, Failed = 1, PartiallySucceeded = 2, UsageError = 64;

OcrCommand command;
try
{
    command = CommandLine.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"folio: {ex.Message}\n");
    Console.Error.WriteLine(CommandLine.Usage);
    return UsageError;
}

RemoteStaging? staging;
try
{
    staging = RemoteStaging.For(command);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"folio: {ex.Message}");
    return UsageError;
}

using var remote = staging;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var inputPath = command.Input;
var outDir = command.RemoteOutput is null ? command.OutDir : remote!.OutputFolder;
if (command.RemoteSource is { } remoteSource)
{
    try
    {
        inputPath = await remote!.FetchAsync(remoteSource, cancel.Token);
    }
    catch (FileNotFoundException ex)
    {
        Console.Error.WriteLine($"folio: {ex.Message}");
        return UsageError;
    }
    catch (Exception ex) when (RemoteStaging.IsRemoteFailure(ex))
    {
        Console.Error.WriteLine($"folio: could not download {remoteSource}: {ex.Message}");
        return Failed;
    }
}
else if (!File.Exists(command.Input))
{
    Console.Error.WriteLine($"folio: '{command.Input}' does not exist.");
    return UsageError;
}

using var trace = command.Trace ? new TraceSummary() : null;
var clock = Stopwatch.StartNew();
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Microsoft", LogLevel.Error).AddFilter("DurableTask", LogLevel.Error));
OcrEngine engine;
try
{
    // One thread per model run and pages side by side: on the 2-core bench machine 2 pages × 1 thread read 0.34
    // pages/s and 1 page × 2 threads 0.23 (a model run on one page does not keep two cores busy).
    engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = command.ModelDirectory, Device = command.Device, IntraOpThreads = command.Threads > 0 ? command.Threads : 1 });
}
catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or InvalidOperationException)
{
    Console.Error.WriteLine($"folio: {ex.Message}");
    return Failed;
}

using (engine)
{
    var status = new ProgressLine(command.Quiet);
    var parallel = command.Parallel > 0 ? command.Parallel
        : engine.Info.Device.Provider == "CUDA" ? 8 : Math.Max(1, Environment.ProcessorCount / engine.Info.Device.IntraOpThreads);
    status.Note($"engine {engine.Info.Engine} on {engine.Info.Device.Provider} ({engine.Info.Device.Detail}), {parallel} page(s) at once × {engine.Info.Device.IntraOpThreads} thread(s)");
    using var recognizer = new EnginePageRecognizer(engine, maxConcurrentPages: parallel);
    var runnerOptions = new LocalRunnerOptions
    {
        Backend = command.Hub,
        WorkDirectory = command.WorkDirectory,
        AzureStorageConnectionString = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true",
    };
    await using var runner = new LocalDocumentRunner(recognizer, runnerOptions, loggerFactory);
    DocumentOutcome outcome;
    try
    {
        outcome = await runner.RunAsync(inputPath, outDir, new RunOptions { Pages = command.Pages, Dpi = command.Dpi, ForceOcr = command.ForceOcr, AcceptOcrTextLayer = command.AcceptOcrTextLayer }, status, cancel.Token);
    }
    catch (OperationCanceledException)
    {
        status.Done();
        Console.Error.WriteLine("folio: canceled.");
        return Failed;
    }

    status.Done();
    if (trace is not null)
    {
        Console.Error.Write(trace.Format());
    }

    var seconds = clock.Elapsed.TotalSeconds;
    switch (outcome.Status)
    {
        case DocumentStatus.Succeeded:
            Console.Error.WriteLine($"folio: {outcome.PagesSucceeded} of {outcome.PageCount} pages read in {seconds:F1} s");
            break;
        case DocumentStatus.PartiallySucceeded:
            Console.Error.WriteLine($"folio: {outcome.PagesSucceeded} of {outcome.PageCount} pages read in {seconds:F1} s; failed:");
            foreach (var failure in outcome.FailedPages)
            {
                Console.Error.WriteLine($"  page {failure.PageNumber}: {failure.Reason}");
            }

            break;
        default:
            Console.Error.WriteLine($"folio: the document failed: {outcome.Reason}");
            return Failed;
    }

    var overlays = command.Overlay && outcome.Outputs is { } made ? OverlayStep.Write(inputPath, made.JsonKey, outDir, command.Dpi) : [];
    if (outcome.Outputs is { } outputs && command.RemoteOutput is { } prefix)
    {
        try
        {
            foreach (var written in await remote!.PublishAsync(outputs, prefix, overlays, cancel.Token))
            {
                Console.WriteLine(written);
            }
        }
        catch (Exception ex) when (RemoteStaging.IsRemoteFailure(ex))
        {
            Console.Error.WriteLine($"folio: could not upload to {prefix}: {ex.Message}");
            return Failed;
        }
    }
    else if (outcome.Outputs is { } local)
    {
        Console.WriteLine(local.MarkdownKey);
        Console.WriteLine(local.JsonKey);
        foreach (var overlay in overlays)
        {
            Console.WriteLine(overlay);
        }
    }

    return outcome.Status == DocumentStatus.Succeeded ? Succeeded : PartiallySucceeded;
}
