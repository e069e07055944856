using System.Diagnostics;
using Folio.Ocr;
using Folio.Ocr.Detection;
using Folio.Ocr.Runtime;
using Folio.Pages.Imaging;
using Folio.Testing;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Bench;

/// <summary>
/// FP32 against mixed precision (<see cref="MixedPrecision"/>) on one device, on PNG pages (+ NAME.txt truth):
/// the recognizer on a batch of each page's widest lines and the detector on each page, time per run and how far
/// the outputs differ; the nodes that did not run on CUDA; then the whole engine's CER in each precision.
/// Usage: folio-bench precision DIR [DEVICE=cuda] [lines per batch=16] [batch width=1280] [timed rounds=5]
/// </summary>
internal static class PrecisionBench
{
    public static void Run(string[] args, string models)
    {
        var device = args.Length > 2 ? Enum.Parse<DeviceChoice>(args[2], ignoreCase: true) : DeviceChoice.Cuda;
        var batch = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 16;
        var width = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1280;
        var rounds = args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var (files, pages) = Png.ReadFolder(args[1]);
        models = ModelFiles.Locate(models);
        var recognizer = Path.Combine(models, ModelFiles.Recognizer);
        var detector = Path.Combine(models, ModelFiles.Detector);
        Console.WriteLine($"machine: {Machine.Describe()}");

        var fp32 = new SessionFactory(new OcrEngineOptions { ModelDirectory = models, Device = device, Precision = ModelPrecision.Fp32 });
        var mixed = new SessionFactory(new OcrEngineOptions { ModelDirectory = models, Device = device, Precision = ModelPrecision.Mixed });
        Console.WriteLine($"device: {fp32.Device.Provider} ({fp32.Device.Detail}); mixed precision {(mixed.Precision == ModelPrecision.Mixed ? "applied" : "not applied (CPU)")}: {MixedPrecision.Settings}");
        var lineBatches = LineBatches(fp32, detector, pages, batch, width);
        var pageInputs = pages.Select(p => ModelInputs.Page(p, 960)).ToArray();
        long[] lineShape = [batch, 3, 48, width];
        Console.WriteLine($"{pages.Length} pages; recognizer batches of {batch} × {width}; detector at 960 px");

        var runs = new Dictionary<ModelPrecision, (double RecMs, double DetMs, List<(long[] Classes, float[] Probabilities)> Lines, List<float[]> Maps)>();
        foreach (var (precision, factory) in new[] { (ModelPrecision.Fp32, fp32), (ModelPrecision.Mixed, mixed) })
        {
            using var rec = factory.Create(recognizer, TopKHead.Edit, fixedShapes: true, mixedPrecisionAllowed: true);
            using var det = factory.Create(detector, mixedPrecisionAllowed: true);
            var lines = lineBatches.Select(input => RunRecognizer(rec, input, lineShape)).ToList(); // also the warm-up
            var maps = pageInputs.Select(p => RunDetector(det, p.Data, p.Shape)).ToList();
            var clock = Stopwatch.StartNew();
            for (var r = 0; r < rounds; r++)
            {
                lineBatches.ForEach(input => RunRecognizer(rec, input, lineShape));
            }

            var recMs = clock.Elapsed.TotalMilliseconds / (rounds * lineBatches.Count);
            clock.Restart();
            for (var r = 0; r < rounds; r++)
            {
                Array.ForEach(pageInputs, p => RunDetector(det, p.Data, p.Shape));
            }

            runs[precision] = (recMs, clock.Elapsed.TotalMilliseconds / (rounds * pageInputs.Length), lines, maps);
        }

        var (a, b) = (runs[ModelPrecision.Fp32], runs[ModelPrecision.Mixed]);
        var recDifferences = a.Lines.Zip(b.Lines, (x, y) => OutputDifference.OfTopK(x.Classes, x.Probabilities, y.Classes, y.Probabilities)).ToList();
        var detDifferences = a.Maps.Zip(b.Maps, (x, y) => OutputDifference.OfMaps(x, y)).ToList();
        Console.WriteLine($"recognizer: {a.RecMs:F2} ms per batch FP32, {b.RecMs:F2} mixed; best class agrees on {100 * recDifferences.Min(d => d.Agreement):F2} % of decided steps at worst, best probability differs by {recDifferences.Max(d => d.Max):E2} at most, {recDifferences.Average(d => d.Mean):E2} on average");
        Console.WriteLine($"detector:   {a.DetMs:F2} ms per page FP32, {b.DetMs:F2} mixed; probability map differs by {detDifferences.Max(d => d.Max):E2} at most, {detDifferences.Average(d => d.Mean):E2} on average");
        foreach (var (name, factory) in new[] { ("FP32", fp32), ("mixed", mixed) })
        {
            var placements = Placements(factory, recognizer, TopKHead.Edit, lineBatches[0], lineShape).Concat(Placements(factory, detector, null, pageInputs[0].Data, pageInputs[0].Shape)).ToList();
            var elsewhere = placements.Where(p => p.Provider != "CUDAExecutionProvider").ToList();
            Console.WriteLine($"{name}: {elsewhere.Count(p => p.IsFallback("CUDAExecutionProvider"))} fallbacks (nodes off CUDA that output more than {NodePlacement.ShapeValues} values)");
            var listed = elsewhere.Count <= 40 ? elsewhere.Select(p => $"{p.OpType} {p.Node} ({p.Provider}, {p.OutputValues} values)") : elsewhere.GroupBy(p => p.OpType).Select(g => $"{g.Key} × {g.Count()}");
            Console.WriteLine($"{name}: {placements.Count} nodes ran, {elsewhere.Count} not on CUDA{(elsewhere.Count > 0 ? ": " : string.Empty)}{string.Join(", ", listed)}");
        }

        EngineCer(args[1], files, pages, models, device);
    }

    private static void EngineCer(string folder, string[] files, RasterImage[] pages, string models, DeviceChoice device)
    {
        var truths = files.Select(f => Path.ChangeExtension(f, ".txt")).Select(t => File.Exists(t) ? File.ReadAllText(t) : null).ToArray();
        if (truths.All(t => t is null))
        {
            Console.WriteLine($"no NAME.txt truth in {folder}: CER not measured");
            return;
        }

        foreach (var precision in new[] { ModelPrecision.Fp32, ModelPrecision.Mixed })
        {
            using var engine = new OcrEngine(new OcrEngineOptions { ModelDirectory = models, Device = device, Precision = precision });
            engine.WarmUp();
            var clock = Stopwatch.StartNew();
            var texts = pages.Select(p => string.Join(' ', engine.Recognize(p, 1).Blocks.Select(b => b.Text))).ToArray();
            var seconds = clock.Elapsed.TotalSeconds;
            var cers = truths.Select((t, i) => t is null ? double.NaN : TextMetrics.Cer(t, texts[i])).Where(c => !double.IsNaN(c)).ToArray();
            Console.WriteLine($"engine {precision}: CER mean {100 * cers.Average():F2} %, median {100 * cers.Order().ElementAt(cers.Length / 2):F2} %; {pages.Length / seconds:F2} pages/s one at a time");
        }
    }

    /// <summary>A recognizer batch of each page's widest lines (padded with its first ones when it has fewer), found by the FP32 detector.</summary>
    public static List<float[]> LineBatches(SessionFactory factory, string detectorPath, RasterImage[] pages, int batch, int width)
    {
        using var detector = new Detector(factory, detectorPath, new DbSettings());
        return [.. pages.Select(page => (Page: page, Lines: detector.Detect(page, 960).OrderByDescending(q => q.Width).ToList())).Where(p => p.Lines.Count > 0)
            .Select(p => ModelInputs.LineBatch(p.Page, [.. Enumerable.Range(0, batch).Select(j => p.Lines[j % p.Lines.Count])], width))];
    }

    private static (long[] Classes, float[] Probabilities) RunRecognizer(InferenceSession session, float[] input, long[] shape)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [TopKHead.ClassOutput, TopKHead.ProbabilityOutput]);
        return (results[0].GetTensorDataAsSpan<long>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static float[] RunDetector(InferenceSession session, float[] input, long[] shape)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [session.OutputNames[0]]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Where ONNX Runtime ran each node of one run of the model (a profiled session of the factory).</summary>
    public static IReadOnlyList<NodePlacement> Placements(SessionFactory factory, string model, GraphEdit? edit, float[] input, long[] shape)
    {
        string profile;
        using (var session = factory.Create(model, edit, profilePrefix: Path.Combine(Path.GetTempPath(), "folio-precision"), mixedPrecisionAllowed: true))
        {
            using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var runOptions = new RunOptions();
            session.Run(runOptions, [session.InputNames[0]], [tensor], session.OutputNames).Dispose();
            profile = session.EndProfiling();
        }

        var placements = NodePlacement.FromProfile(profile);
        File.Delete(profile);
        return placements;
    }
}
