using System.Diagnostics;
using Folio.Documents;
using Folio.Ocr;

namespace Folio.Bench;

/// <summary>
/// Compares engine settings on the same pages, interleaved page by page so that background load hits every setting alike.
/// Usage: folio-bench tune [pages=3] [batch sizes, e.g. 1,4,8] [threads, e.g. 1,2] [width scales, e.g. 0.9,1] [stages: on,off]
/// ("off": the engine without the Latin text stages — word spaces, lexicon, token repair).
/// </summary>
internal static class Tuning
{
    public static void Run(string[] args, string models)
    {
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var batches = args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : [1, 4, 8];
        var threads = args.Length > 3 ? args[3].Split(',').Select(int.Parse).ToArray() : [Environment.ProcessorCount];
        var widths = args.Length > 4 ? args[4].Split(',').Select(w => float.Parse(w, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [new OcrEngineOptions().RecognitionWidthScale];
        var stages = args.Length > 5 ? args[5].Split(',').Select(v => v == "on").ToArray() : [true];
        var pages = PageSet.Load(count, 150).Select(p =>
        {
            using var document = DocumentOpener.Open(p.Png, DocumentLimits.Default);
            return document.RenderPage(0, 150);
        }).ToList();
        var configs = (from b in batches from t in threads from w in widths from st in stages select (Batch: b, Threads: t, Width: w, Stages: st)).ToList();
        var engines = configs.Select(c => new OcrEngine(new OcrEngineOptions { ModelDirectory = models, RecognitionBatchSize = c.Batch, IntraOpThreads = c.Threads, RecognitionWidthScale = c.Width, RecoverWordSpaces = c.Stages, LexiconCorrection = c.Stages, RepairTokens = c.Stages, Device = DeviceChoice.Cpu })).ToList();
        var totals = new Dictionary<string, double>[configs.Count];
        for (var i = 0; i < configs.Count; i++)
        {
            engines[i].WarmUp();
            engines[i].Recognize(pages[0], 1);
            totals[i] = [];
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var page in pages)
            {
                for (var i = 0; i < configs.Count; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var result = engines[i].Recognize(page, 1);
                    totals[i]["total"] = totals[i].GetValueOrDefault("total") + clock.Elapsed.TotalMilliseconds;
                    foreach (var (stage, ms) in result.Provenance!.TimingsMs)
                    {
                        totals[i][stage] = totals[i].GetValueOrDefault(stage) + ms;
                    }
                }
            }
        }

        var n = pages.Count * 2;
        for (var i = 0; i < configs.Count; i++)
        {
            Console.WriteLine($"batch {configs[i].Batch,2} threads {configs[i].Threads} width {configs[i].Width:F2} stages {(configs[i].Stages ? "on " : "off")}: " + string.Join(", ", totals[i].Select(t => $"{t.Key} {t.Value / n:F0} ms")));
            engines[i].Dispose();
        }
    }
}
