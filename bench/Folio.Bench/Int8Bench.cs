using System.Diagnostics;
using System.Globalization;
using Folio.Documents;
using Folio.Ocr;
using Folio.Ocr.Detection;
using Folio.Ocr.Recognition;
using Folio.Ocr.Runtime;
using Folio.Pages.Imaging;
using Folio.Testing;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Bench;

/// <summary>
/// The INT8 recognizer on the CPU. <c>calibrate</c> takes its activation ranges: the FP32 recognizer over every line
/// of real pages the other benches never read (<see cref="PageSet.Load"/> from page 12), cropped as the engine crops
/// them, into the committed table. <c>int8</c> compares it with FP32 on the bench pages' lines, one line per run and
/// one thread as the engine runs on the CPU: time per line, and how far the two readings differ.
/// Usage: folio-bench calibrate [pages=8] [dpis=150] [out=src/Folio.Ocr/Runtime/recognizer-int8-calibration.json]
///        folio-bench int8 [pages=4] [lines per page=16] [rounds=3]
/// </summary>
internal static class Int8Bench
{
    private const int Height = Recognizer.InputHeight;

    public static void Calibrate(string[] args, string models)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        // 150 dpi only: adding the same pages at 100 dpi widened some ranges by up to 38 % and read worse (bench/README.md).
        var dpis = args.Length > 2 ? args[2].Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray() : [150];
        var output = args.Length > 3 ? args[3] : Path.Combine("src", "Folio.Ocr", "Runtime", "recognizer-int8-calibration.json");
        models = ModelFiles.Locate(models);
        var recognizer = Path.Combine(models, ModelFiles.Recognizer);
        var digest = ModelFiles.Verify(models, [ModelFiles.Recognizer], checkDigests: true)[ModelFiles.Recognizer];
        var factory = new SessionFactory(new OcrEngineOptions { ModelDirectory = models, Device = DeviceChoice.Cpu, CpuPrecision = ModelPrecision.Fp32 });
        // The FP32 model as the engine loads it on the CPU: folded, its remaining shifts written as normalisations, which
        // keep the names and values of the Adds they replace, so the ranges are those of the graph INT8 quantizes.
        using var calibrator = new Int8Calibrator(factory.ModelBytes(recognizer, TopKHead.Edit), factory.Device.IntraOpThreads);
        using var detector = new Detector(factory, Path.Combine(models, ModelFiles.Detector), new DbSettings());
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"{calibrator.Tensors.Count} tensors to calibrate; {count} pages from page 12 (every 5th) at {string.Join(", ", dpis)} dpi");
        var clock = Stopwatch.StartNew();
        var names = new List<string>();
        foreach (var dpi in dpis)
        {
            foreach (var page in PageSet.Load(count, dpi, firstPage: 12))
            {
                using var document = DocumentOpener.Open(page.Png, DocumentLimits.Default);
                var raster = document.RenderPage(0, dpi);
                foreach (var (input, shape) in Lines(raster, detector.Detect(raster, 960)))
                {
                    calibrator.Observe(input, shape);
                }

                names.Add(page.Name);
                Console.WriteLine($"  {page.Name} at {dpi} dpi: {calibrator.Runs} lines so far, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        var source = $"folio-bench calibrate {count} {string.Join(',', dpis)}: {calibrator.Runs} text lines (one per run, cropped as the engine does) of {string.Join(", ", names.Distinct())} (r-doc-pdf), each page at {string.Join(" and ", dpis)} dpi";
        var table = calibrator.Table(ModelFiles.Recognizer, digest, source);
        File.WriteAllText(output, table.ToJson());
        Console.WriteLine($"wrote {output}: {table.Ranges.Count} ranges, digest {table.Digest}");
    }

    public static void Run(string[] args, string models)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
        var perPage = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        models = ModelFiles.Locate(models);
        var recognizer = Path.Combine(models, ModelFiles.Recognizer);
        var fp32 = new SessionFactory(new OcrEngineOptions { ModelDirectory = models, Device = DeviceChoice.Cpu, IntraOpThreads = 1, CpuPrecision = ModelPrecision.Fp32 });
        var int8 = new SessionFactory(new OcrEngineOptions { ModelDirectory = models, Device = DeviceChoice.Cpu, IntraOpThreads = 1, CpuPrecision = ModelPrecision.Int8 });
        var alphabet = CtcDecoder.BuildAlphabet(File.ReadLines(Path.Combine(models, ModelFiles.Dictionary)));
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"INT8: {Int8Quantization.Settings}; calibration {Int8Calibration.Recognizer.Digest} ({Int8Calibration.Recognizer.Source})");
        var lines = new List<(float[] Input, long[] Shape)>();
        using (var detector = new Detector(fp32, Path.Combine(models, ModelFiles.Detector), new DbSettings()))
        {
            foreach (var page in PageSet.Load(count, 150))
            {
                using var document = DocumentOpener.Open(page.Png, DocumentLimits.Default);
                var raster = document.RenderPage(0, 150);
                var quads = detector.Detect(raster, 960);
                var step = Math.Max(1, quads.Count / perPage);
                lines.AddRange(Lines(raster, [.. quads.Where((_, i) => i % step == 0).Take(perPage)]));
            }
        }

        using var fp32Session = fp32.Create(recognizer, TopKHead.Edit, mixedPrecisionAllowed: true);
        using var int8Session = int8.Create(recognizer, TopKHead.Edit, mixedPrecisionAllowed: true);
        var a = lines.Select(l => RunRecognizer(fp32Session, l.Input, l.Shape)).ToList(); // also the warm-up
        var b = lines.Select(l => RunRecognizer(int8Session, l.Input, l.Shape)).ToList();
        double fp32Ms = 0, int8Ms = 0;
        var clock = new Stopwatch();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (input, shape) in lines)
            {
                clock.Restart();
                RunRecognizer(fp32Session, input, shape);
                fp32Ms += clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                RunRecognizer(int8Session, input, shape);
                int8Ms += clock.Elapsed.TotalMilliseconds;
            }
        }

        var runs = rounds * lines.Count;
        var differences = a.Zip(b, (x, y) => OutputDifference.OfTopK(x.Classes, x.Probabilities, y.Classes, y.Probabilities)).ToList();
        var texts = a.Zip(b, (x, y) => (Fp32: Text(x.Classes, x.Probabilities, alphabet), Int8: Text(y.Classes, y.Probabilities, alphabet))).ToList();
        var cer = TextMetrics.Cer(string.Join('\n', texts.Select(t => t.Fp32)), string.Join('\n', texts.Select(t => t.Int8)));
        Console.WriteLine($"{lines.Count} lines of {count} bench pages (widths {lines.Min(l => l.Shape[3])}–{lines.Max(l => l.Shape[3])} px), one line per run, one thread, {rounds} interleaved rounds");
        Console.WriteLine($"  FP32 {fp32Ms / runs:F1} ms per line, INT8 {int8Ms / runs:F1} ms per line: {fp32Ms / int8Ms:F2}× faster");
        Console.WriteLine($"  best class the same on {100 * differences.Average(d => d.Agreement!.Value):F2} % of decided steps (worst line {100 * differences.Min(d => d.Agreement!.Value):F2} %); best probability differs by {differences.Average(d => d.Mean):E2} on average");
        Console.WriteLine($"  text: {texts.Count(t => t.Fp32 == t.Int8)} of {texts.Count} lines read the same; CER of the INT8 reading against the FP32 one {100 * cer:F2} %");
        foreach (var (x, y) in texts.Where(t => t.Fp32 != t.Int8).Take(8))
        {
            Console.WriteLine($"    FP32 «{x}»\n    INT8 «{y}»");
        }
    }

    /// <summary>Each line as the engine feeds it on the CPU: alone, at its own width rounded up to 32 (at least 320).</summary>
    private static IEnumerable<(float[] Input, long[] Shape)> Lines(RasterImage page, IReadOnlyList<Folio.Pages.Geometry.Quad> quads)
    {
        foreach (var quad in quads)
        {
            using var crop = SampledCrop.From(page, quad, Height, 3200);
            var width = BatchPlanner.TensorWidth(crop.Width / (float)Height, Height, 320, 32, 3200);
            var input = new float[3 * Height * width];
            crop.CopyTo(input, Height, width);
            yield return (input, [1, 3, Height, width]);
        }
    }

    private static string Text(long[] classes, float[] probabilities, string[] alphabet) =>
        string.Concat(CtcDecoder.DecodeIndices(classes, probabilities, alphabet, TopKHead.K).Select(c => c.Character));

    private static (long[] Classes, float[] Probabilities) RunRecognizer(InferenceSession session, float[] input, long[] shape)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], [TopKHead.ClassOutput, TopKHead.ProbabilityOutput]);
        return (results[0].GetTensorDataAsSpan<long>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }
}
