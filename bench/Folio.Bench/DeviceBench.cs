using System.Diagnostics;
using Folio.Ocr;
using Folio.Pages.Imaging;

namespace Folio.Bench;

/// <summary>
/// Engine throughput on pre-rendered PNG pages, for a machine without poppler (the GPU host):
/// one page at a time (latency) and several pages at once on one shared engine (throughput).
/// Usage: folio-bench pages DIR DEVICE [workers, e.g. 1,4,8] [threads]
/// </summary>
internal static class DeviceBench
{
    public static void Run(string[] args, string models)
    {
        var folder = args[1];
        var device = Enum.Parse<DeviceChoice>(args[2], ignoreCase: true);
        var workerCounts = args.Length > 3 ? args[3].Split(',').Select(int.Parse).ToArray() : [1, 4];
        var threads = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var (_, pages) = Png.ReadFolder(folder);

        Console.WriteLine($"machine: {Machine.Describe()}");
        var load = Stopwatch.StartNew();
        // FOLIO_FUSE_HARDSWISH=1|0: the hard-swish fusion on or off (unset: the engine's default).
        var fuse = Environment.GetEnvironmentVariable("FOLIO_FUSE_HARDSWISH") is { Length: > 0 } f ? f == "1" : new OcrEngineOptions().FuseHardSwish;
        // FOLIO_PRECISION=Fp32|Mixed: the models' arithmetic on CUDA (unset: the engine's default).
        var precision = Environment.GetEnvironmentVariable("FOLIO_PRECISION") is { Length: > 0 } p ? Enum.Parse<ModelPrecision>(p, ignoreCase: true) : new OcrEngineOptions().Precision;
        // FOLIO_REC_STREAMS: recognition sessions (CUDA streams) per width bucket (unset: the engine's default).
        var streams = int.Parse(Environment.GetEnvironmentVariable("FOLIO_REC_STREAMS") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        // FOLIO_BATCH_WINDOW_MS: cross-page batching window (0 off; unset: the device's default).
        var window = int.Parse(Environment.GetEnvironmentVariable("FOLIO_BATCH_WINDOW_MS") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
        // FOLIO_CUDA_GRAPHS=1: the recognizer's bucket sessions replay CUDA graphs (Ocr:CudaGraphs).
        var cudaGraphs = Environment.GetEnvironmentVariable("FOLIO_CUDA_GRAPHS") == "1";
        using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = models, Device = device, IntraOpThreads = threads, RecognitionBatchWindowMs = window, ExhaustiveCudnnSearch = Environment.GetEnvironmentVariable("FOLIO_CUDNN_EXHAUSTIVE") == "1", RecognitionStreams = streams, FuseHardSwish = fuse, Precision = precision, CudaGraphs = cudaGraphs });
        engine.WarmUp();
        Console.WriteLine($"engine: {engine.Info.Device.Provider} ({engine.Info.Device.Detail}), {engine.Info.Device.IntraOpThreads} threads, {(streams > 0 ? streams : 1)} recognition stream(s), hard-swish {(fuse ? "fused" : "as exported")}, precision {precision}, CUDA graphs {(cudaGraphs ? "on" : "off")}, cuDNN search for fixed shapes {(Environment.GetEnvironmentVariable("FOLIO_CUDNN_EXHAUSTIVE") == "1" ? "exhaustive" : "heuristic")}, batch window {OcrEngine.BatchWindowFor(new OcrEngineOptions { RecognitionBatchWindowMs = window }, engine.Info.Device).TotalMilliseconds} ms, loaded in {load.Elapsed.TotalSeconds:F1} s; {pages.Length} pages of {pages[0].Width}×{pages[0].Height}");

        // First pass pays for each new input shape (cuDNN algorithm search); report it, then measure warm.
        var first = Stopwatch.StartNew();
        var lines = pages.Sum(p => engine.Recognize(p, 1).Blocks.Sum(b => b.Lines.Count));
        Console.WriteLine($"cold pass: {first.Elapsed.TotalSeconds:F1} s for {pages.Length} pages ({lines} lines)");

        foreach (var workers in workerCounts)
        {
            var stages = new Dictionary<string, double>();
            var latencies = new double[pages.Length * 2];
            var clock = Stopwatch.StartNew();
            Parallel.For(0, latencies.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
            {
                var one = Stopwatch.StartNew();
                var result = engine.Recognize(pages[i % pages.Length], 1);
                latencies[i] = one.Elapsed.TotalMilliseconds;
                lock (stages)
                {
                    foreach (var (stage, ms) in result.Provenance!.TimingsMs)
                    {
                        stages[stage] = stages.GetValueOrDefault(stage) + ms;
                    }
                }
            });
            var seconds = clock.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            Console.WriteLine($"{workers} worker(s): {latencies.Length / seconds:F2} pages/s, page latency median {latencies[latencies.Length / 2]:F0} ms, p95 {latencies[(int)(latencies.Length * 0.95)]:F0} ms; per page: "
                + string.Join(", ", stages.Select(s => $"{s.Key} {s.Value / latencies.Length:F1} ms")));
        }
    }

    /// <summary>Writes the bench pages as PNG files, to carry to a machine without poppler.</summary>
    public static void Export(string[] args)
    {
        var count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
        Directory.CreateDirectory(args[1]);
        var pages = PageSet.Load(count, 150);
        for (var i = 0; i < pages.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(args[1], $"{i:D3}.png"), pages[i].Png);
            File.WriteAllText(Path.Combine(args[1], $"{i:D3}.txt"), pages[i].Truth);
        }
    }
}
