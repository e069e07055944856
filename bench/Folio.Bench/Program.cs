using System.Diagnostics;
using System.Globalization;
using Folio.Bench;
using Folio.Contracts;
using Folio.Documents;
using Folio.Ocr;
using Folio.Testing;

// folio-bench [pages=20] [dpi=150] [workers=1,2]   Folio vs Tesseract on the same PNG pages, PNG bytes to text.
// folio-bench tune [pages] [batch sizes] [threads] [widths] [stages]   engine settings compared on the same pages.
// folio-bench profile MODEL N C H W [threads]       ONNX Runtime's profile by operator type.
// folio-bench orchestration [memory|azurite] [pages] orchestration overhead with an instant recognizer.
// folio-bench export DIR [pages]                     writes the bench pages as PNG (+ truth) for another machine.
// folio-bench pages DIR DEVICE [workers] [threads]   engine throughput on those PNGs (the GPU host has no poppler).
// folio-bench sessions [runs]                       ONNX Runtime CPU session options compared on rec and det.
// folio-bench service URL DIR [in flight] [rounds]   a running inference service's throughput over HTTP on those PNGs.
// folio-bench precision DIR [device] [batch] [width] [rounds]   FP32 vs mixed precision: time, output difference, node placement, CER.
// folio-bench graphs DIR [device] [batches] [width] [rounds]   the recognizer's dynamic vs static shape, IO binding, CUDA graphs.
// folio-bench instances DIR [device] [sessions] [batch] [width] [seconds]   recognizer sessions side by side on one GPU: lines/s.
// folio-bench calibrate [pages] [dpis] [out]          the INT8 recognizer's activation ranges, from pages the benches never read.
// folio-bench int8 [pages] [lines per page] [rounds]   the INT8 recognizer against FP32 on the CPU: time per line, readings.
var modelDirectory = Environment.GetEnvironmentVariable("FOLIO_MODELS") ?? "models";
var commands = new Dictionary<string, Func<Task>>(StringComparer.Ordinal)
{
    ["orchestration"] = () => OrchestrationBench.RunAsync(args),
    ["service"] = () => ServiceBench.RunAsync(args),
    ["pages"] = () => Sync(() => DeviceBench.Run(args, modelDirectory)),
    ["export"] = () => Sync(() => DeviceBench.Export(args)),
    ["profile"] = () => Sync(() => Profiling.Run(args)),
    ["precision"] = () => Sync(() => PrecisionBench.Run(args, modelDirectory)),
    ["calibrate"] = () => Sync(() => Int8Bench.Calibrate(args, modelDirectory)),
    ["int8"] = () => Sync(() => Int8Bench.Run(args, modelDirectory)),
    ["graphs"] = () => Sync(() => GraphsBench.Run(args, modelDirectory)),
    ["instances"] = () => Sync(() => InstancesBench.Run(args, modelDirectory)),
    ["sessions"] = () => Sync(() => SessionOptionsBench.Run(args, modelDirectory)),
    ["tune"] = () => Sync(() => Tuning.Run(args, modelDirectory)),
};
if (args.Length > 0 && commands.TryGetValue(args[0], out var command))
{
    await command();
    return;
}

var pageCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var dpi = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 150;
var workerCounts = args.Length > 2 ? args[2].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray() : [1, 2];
var models = Environment.GetEnvironmentVariable("FOLIO_MODELS") ?? Path.Combine(AppContext.BaseDirectory, "../../models");
var cores = Environment.ProcessorCount;

Console.WriteLine($"machine: {Machine.Describe()}");
Console.WriteLine($"pages: {pageCount} real pages at {dpi} dpi, chosen from r-doc-pdf manuals (dense prose, every 5th page from page 10)");
var pages = PageSet.Load(pageCount, dpi);
var folder = Directory.CreateTempSubdirectory("folio-bench-");
for (var i = 0; i < pages.Count; i++)
{
    File.WriteAllBytes(Path.Combine(folder.FullName, $"{i:D3}.png"), pages[i].Png);
}

// Tesseract: two single-threaded processes at a time, so both use every core.
var tesseractClock = Stopwatch.StartNew();
var tesseractText = new string[pages.Count];
Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = cores }, i =>
{
    tesseractText[i] = Tesseract.Read(Path.Combine(folder.FullName, $"{i:D3}.png"));
});
var tesseractSeconds = tesseractClock.Elapsed.TotalSeconds;
var tesseractCer = pages.Select((p, i) => TextMetrics.Cer(p.Truth, tesseractText[i])).ToArray();

var tesseractWordError = pages.Select((p, i) => TextMetrics.WordError(p.Truth, tesseractText[i])).ToArray();
var rows = new List<(string Name, double PagesPerSecond, double[] Cer, double[] WordError)>
{
    ($"tesseract 5 ({cores} processes × 1 thread)", pages.Count / tesseractSeconds, tesseractCer, tesseractWordError),
};

// FOLIO_CPU_PRECISIONS=Fp32,Int8: a Folio row per recognizer precision on the CPU, in that order (default: the engine's).
var precisions = Environment.GetEnvironmentVariable("FOLIO_CPU_PRECISIONS") is { Length: > 0 } cpuPrecisions
    ? cpuPrecisions.Split(',').Select(p => Enum.Parse<ModelPrecision>(p, ignoreCase: true)).ToArray()
    : [new OcrEngineOptions().CpuPrecision];
// FOLIO_FOLD_SCALE_SHIFT=0,1: a Folio row per setting of the scale-and-shift folding, in that order (default: the engine's).
var folds = Environment.GetEnvironmentVariable("FOLIO_FOLD_SCALE_SHIFT") is { Length: > 0 } foldSettings
    ? foldSettings.Split(',').Select(f => f == "1").ToArray()
    : [new OcrEngineOptions().FoldScaleShift];
foreach (var (workers, precision, fold) in from w in workerCounts from p in precisions from f in folds select (w, p, f))
{
    var threads = Math.Max(1, cores / workers);
    // FOLIO_WIDTH_SCALE: the recognizer's line squeeze to compare (default: the engine's).
    var widthScale = Environment.GetEnvironmentVariable("FOLIO_WIDTH_SCALE") is { Length: > 0 } scale ? float.Parse(scale, CultureInfo.InvariantCulture) : new OcrEngineOptions().RecognitionWidthScale;
    // FOLIO_FUSE_HARDSWISH=1|0: the hard-swish fusion on or off (default: the engine's).
    var fuse = Environment.GetEnvironmentVariable("FOLIO_FUSE_HARDSWISH") is { Length: > 0 } f ? f == "1" : new OcrEngineOptions().FuseHardSwish;
    using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = models, IntraOpThreads = threads, Device = DeviceChoice.Cpu, RecognitionWidthScale = widthScale, FuseHardSwish = fuse, FoldScaleShift = fold, CpuPrecision = precision });
    engine.WarmUp();
    PageResult Read(int i)
    {
        using var document = DocumentOpener.Open(pages[i].Png, DocumentLimits.Default);
        return engine.Recognize(document.RenderPage(0, dpi), i + 1);
    }

    // Two pages a worker read untimed, side by side as below: the first row of a run otherwise pays for the JIT's tiering
    // of the whole page path, and read slower than the same settings in a later row.
    Parallel.For(0, Math.Min(2 * workers, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = workers }, i => Read(i));
    var texts = new string[pages.Count];
    var stages = new Dictionary<string, double>();
    var clock = Stopwatch.StartNew();
    Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
    {
        var result = Read(i);
        texts[i] = string.Join(' ', result.Blocks.Select(b => b.Text));
        lock (stages)
        {
            foreach (var (stage, ms) in result.Provenance!.TimingsMs)
            {
                stages[stage] = stages.GetValueOrDefault(stage) + ms;
            }
        }
    });
    var seconds = clock.Elapsed.TotalSeconds;
    var cer = pages.Select((p, i) => TextMetrics.Cer(p.Truth, texts[i])).ToArray();
    var wordError = pages.Select((p, i) => TextMetrics.WordError(p.Truth, texts[i])).ToArray();
    rows.Add(($"folio {precision.ToString().ToUpperInvariant()} ({workers} worker{(workers > 1 ? "s" : "")} × {threads} thread{(threads > 1 ? "s" : "")}, width {widthScale:0.##}{(fuse ? ", fused" : string.Empty)}{(fold ? ", folded" : string.Empty)})", pages.Count / seconds, cer, wordError));
    Console.WriteLine($"  folio {precision}{(fold ? " folded" : string.Empty)} {workers}×{threads} stage time per page: {string.Join(", ", stages.Select(s => $"{s.Key} {s.Value / pages.Count:F0} ms"))}");
}

// The same pages through the inference service over HTTP, when the bench script started one.
if (Environment.GetEnvironmentVariable("FOLIO_SERVICE_URL") is { Length: > 0 } serviceUrl)
{
    var (pagesPerSecond, texts) = await ServiceBench.ReadAllAsync(new Uri(serviceUrl.TrimEnd('/') + "/"), [.. pages.Select(p => p.Png)], cores);
    rows.Add(($"folio inference service, HTTP ({cores} in flight)", pagesPerSecond, [.. pages.Select((p, i) => TextMetrics.Cer(p.Truth, texts[i]))], [.. pages.Select((p, i) => TextMetrics.WordError(p.Truth, texts[i]))]));
}

// Word error: 1 − F1 over bags of words (TextMetrics.WordError), the mean over the pages and the median.
Console.WriteLine();
Console.WriteLine($"{"engine",-48} {"pages/s",8} {"vs tess.",9} {"median CER",11} {"worst CER",10} {"word err",9} {"median",7}");
foreach (var (name, pps, cer, wordError) in rows)
{
    Console.WriteLine($"{name,-48} {pps,8:F3} {pps / rows[0].PagesPerSecond,8:F2}× {Median(cer) * 100,10:F2}% {cer.Max() * 100,9:F2}% {wordError.Average() * 100,8:F2}% {Median(wordError) * 100,6:F2}%");
}

Console.WriteLine();
Console.WriteLine($"per page CER / word error (tesseract, then each folio row):");
for (var i = 0; i < pages.Count; i++)
{
    Console.WriteLine($"  {pages[i].Name,-16} {string.Join("  ", rows.Select(r => $"{r.Cer[i] * 100,6:F2}% {r.WordError[i] * 100,6:F2}%"))}");
}

folder.Delete(recursive: true);

static double Median(double[] values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static Task Sync(Action run)
{
    run();
    return Task.CompletedTask;
}
