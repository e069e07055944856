using Folio.Local;
using Folio.Ocr;
using Folio.Pipeline;
using Microsoft.Extensions.Logging;

namespace Folio.Cli;

/// <summary>
/// <c>folio ocr</c>: resolves the inputs, starts the engine and one <see cref="LocalDocumentRunner"/>, reads the
/// documents one after the other (each one's pages in parallel) and returns the exit code.
/// </summary>
internal static class OcrRun
{
    public static async Task<int> RunAsync(OcrCommand command, CancellationToken cancellationToken)
    {
        RemoteStaging? staging;
        try
        {
            staging = RemoteStaging.For(command);
        }
        catch (InvalidOperationException ex)
        {
            return Error(ex.Message, ExitCodes.Usage);
        }

        using var remote = staging;
        IReadOnlyList<string> documents;
        if (command.RemoteSource is { } remoteSource)
        {
            try
            {
                documents = [await remote!.FetchAsync(remoteSource, cancellationToken).ConfigureAwait(false)];
            }
            catch (FileNotFoundException ex)
            {
                return Error(ex.Message, ExitCodes.NoInput);
            }
            catch (Exception ex) when (RemoteStaging.IsRemoteFailure(ex))
            {
                return Error($"could not download {remoteSource}: {ex.Message}", ExitCodes.Failed);
            }
        }
        else
        {
            try
            {
                documents = InputFiles.Resolve(command.Inputs);
            }
            catch (InputException ex)
            {
                return Error(ex.Message, ExitCodes.NoInput);
            }
            catch (UsageException ex)
            {
                return Error(ex.Message, ExitCodes.Usage);
            }
        }

        using var trace = command.Trace ? new TraceSummary() : null;
        using var loggerFactory = command.Verbose ? Logs() : null;
        OcrEngine engine;
        try
        {
            // One thread per model run and pages side by side: on the 2-core bench machine 2 pages × 1 thread read 0.34
            // pages/s and 1 page × 2 threads 0.23 (a model run on one page does not keep two cores busy).
            engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = command.ModelDirectory, Device = command.Device, IntraOpThreads = command.Threads > 0 ? command.Threads : 1 });
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or InvalidOperationException)
        {
            return Error(ex.Message, ExitCodes.Failed);
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
            var runner = new LocalDocumentRunner(recognizer, runnerOptions, loggerFactory);
            await using (runner.ConfigureAwait(false))
            {
                var document = new DocumentRun(command, runner, remote, status);
                var statuses = new List<DocumentStatus?>();
                foreach (var path in documents)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    statuses.Add(await document.RunAsync(path, cancellationToken).ConfigureAwait(false));
                }

                if (trace is not null)
                {
                    Console.Error.Write(trace.Format());
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return Error("canceled.", ExitCodes.Failed);
                }

                if (documents.Count > 1 && !command.Quiet)
                {
                    var read = statuses.Count(s => s == DocumentStatus.Succeeded);
                    var partly = statuses.Count(s => s == DocumentStatus.PartiallySucceeded);
                    Console.Error.WriteLine($"folio: {documents.Count} documents: {read} read, {partly} partly read, {documents.Count - read - partly} failed");
                }

                return ExitCodes.Overall(statuses);
            }
        }
    }

    /// <summary>Writes <c>folio: MESSAGE</c> on stderr and returns <paramref name="exitCode"/>.</summary>
    public static int Error(string message, int exitCode)
    {
        Console.Error.WriteLine($"folio: {message}");
        return exitCode;
    }

    /// <summary><c>--verbose</c>: the pipeline's logs from Information up, the hosts' from Warning up, all on stderr.</summary>
    private static ILoggerFactory Logs() => LoggerFactory.Create(b => b
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o => o.SingleLine = true)
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("DurableTask", LogLevel.Warning));
}
