using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Folio.Ocr;
using Folio.Ocr.Runtime;
using Folio.Testing;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Bench;

/// <summary>
/// One recognizer batch of real lines (each page's widest, found by the detector on PNG pages) run four ways, in FP32
/// and mixed precision: the dynamic-shape session the engine uses today, the input shape fixed in the model
/// (<see cref="StaticInputShape"/>), that run through buffers bound once (<see cref="BoundSession"/>), and that
/// replaying a CUDA graph. Per batch size: ms per batch (the input written, the run, the scores copied out, as the
/// engine does), lines/s, how far the outputs are from today's session; then the nodes off CUDA per session kind.
/// Rounds interleave the variants so that drift hits all alike.
/// Usage: folio-bench graphs DIR [DEVICE=cuda] [batch sizes=16,32,64] [width=1280] [timed rounds=20]
/// </summary>
internal static class GraphsBench
{
    private static readonly string[] OutputNames = [TopKHead.ClassOutput, TopKHead.ProbabilityOutput];

    public static void Run(string[] args, string models)
    {
        var device = args.Length > 2 ? Enum.Parse<DeviceChoice>(args[2], ignoreCase: true) : DeviceChoice.Cuda;
        int[] batchSizes = args.Length > 3 ? [.. args[3].Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture))] : [16, 32, 64];
        var width = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1280;
        var rounds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 20;
        var (_, pages) = Png.ReadFolder(args[1]);
        models = ModelFiles.Locate(models);
        var recognizer = Path.Combine(models, ModelFiles.Recognizer);
        var detector = Path.Combine(models, ModelFiles.Detector);
        var factories = new[] { ModelPrecision.Fp32, ModelPrecision.Mixed }
            .Select(p => new SessionFactory(new OcrEngineOptions { ModelDirectory = models, Device = device, Precision = p }))
            .Where((f, i) => i == 0 || f.Precision == ModelPrecision.Mixed).ToList();
        var cuda = factories[0].CudaDevice is not null;
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"device: {factories[0].Device.Provider} ({factories[0].Device.Detail}); {pages.Length} pages; batches of {string.Join(", ", batchSizes)} lines × {width} px (each page's widest); {rounds} timed rounds");
        if (factories.Count == 1)
        {
            Console.WriteLine("mixed precision: skipped (it applies on CUDA only; the CPU runs FP32)");
        }

        if (!cuda)
        {
            Console.WriteLine("static + IO binding + CUDA graph: skipped (CUDA graphs need the CUDA provider)");
        }

        Console.WriteLine($"{"variant",-36} {"precision",-9} {"batch",5} {"ms/batch",9} {"lines/s",8}  outputs against the dynamic session");
        List<float[]>? firstInputs = null;
        foreach (var batch in batchSizes)
        {
            var inputs = PrecisionBench.LineBatches(factories[0], detector, pages, batch, width);
            firstInputs ??= inputs;
            long[] shape = [batch, 3, 48, width];
            foreach (var factory in factories)
            {
                var variants = Variants(factory, recognizer, shape, cuda);
                try
                {
                    Measure(variants, inputs, rounds, factory.Precision, batch);
                }
                finally
                {
                    variants.ForEach(v => v.Dispose());
                }
            }
        }

        // Where the nodes ran, per session kind (binding and graphs do not move them).
        var first = firstInputs![0];
        long[] firstShape = [batchSizes[0], 3, 48, width];
        foreach (var factory in factories)
        {
            foreach (var (name, edit) in new[] { ("dynamic shape", TopKHead.Edit), ("static shape", TopKHead.Edit.Then(StaticInputShape.Edit(firstShape))) })
            {
                var placements = PrecisionBench.Placements(factory, recognizer, edit, first, firstShape);
                var provider = cuda ? "CUDAExecutionProvider" : "CPUExecutionProvider";
                var elsewhere = placements.Where(p => p.Provider != provider).ToList();
                var shapeNodes = placements.Count(p => p.OutputValues <= NodePlacement.ShapeValues);
                Console.WriteLine($"{name}, {factory.Precision}: {placements.Count} nodes ran, {shapeNodes} of them shape computations (≤ {NodePlacement.ShapeValues} values), "
                    + $"{elsewhere.Count} not on {provider}, {elsewhere.Count(p => p.IsFallback(provider))} fallbacks{(elsewhere.Count > 0 ? ": " : string.Empty)}"
                    + string.Join(", ", elsewhere.Select(p => $"{p.OpType} {p.Node} ({p.Provider}, {p.OutputValues} values)")));
            }
        }
    }

    // Today's session and the fixed-shape ones; a variant that cannot be made says why and is left out.
    private static List<Variant> Variants(SessionFactory factory, string recognizer, long[] shape, bool cuda)
    {
        var fixedShape = TopKHead.Edit.Then(StaticInputShape.Edit(shape));
        var makers = new List<(string Name, Func<string, Variant> Make)>
        {
            ("dynamic shape (today)", name => Variant.Plain(name, factory.Create(recognizer, TopKHead.Edit, fixedShapes: true, mixedPrecisionAllowed: true), shape)),
            ("static shape", name => Variant.Plain(name, factory.Create(recognizer, fixedShape, fixedShapes: true, mixedPrecisionAllowed: true), shape)),
            ("static + IO binding", name => Variant.Bound(name, new BoundSession(factory.Create(recognizer, fixedShape, fixedShapes: true, mixedPrecisionAllowed: true), OutputNames, factory.CudaDevice))),
        };
        if (cuda)
        {
            makers.Add(("static + IO binding + CUDA graph", name => Variant.Bound(name, new BoundSession(factory.Create(recognizer, fixedShape, fixedShapes: true, mixedPrecisionAllowed: true, cudaGraph: true), OutputNames, factory.CudaDevice))));
        }

        var variants = new List<Variant>();
        foreach (var (name, make) in makers)
        {
            try
            {
                variants.Add(make(name));
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
            {
                Console.WriteLine($"{name,-36} {factory.Precision,-9} {shape[0],5}  could not be made: {ex.Message}");
            }
        }

        return variants;
    }

    private static void Measure(List<Variant> variants, List<float[]> inputs, int rounds, ModelPrecision precision, int batch)
    {
        // The first runs are the warm-up (a CUDA graph is captured in its first) and the outputs compared.
        var outputs = new Dictionary<Variant, List<(long[] Classes, float[] Probabilities)>>();
        var failed = new HashSet<Variant>();
        foreach (var variant in variants)
        {
            try
            {
                outputs[variant] = [.. inputs.Select(variant.Run)];
                variant.Run(inputs[0]);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or InvalidOperationException)
            {
                Console.WriteLine($"{variant.Name,-36} {precision,-9} {batch,5}  failed: {ex.Message}");
                failed.Add(variant);
            }
        }

        var timed = variants.Where(v => !failed.Contains(v)).ToList();
        var elapsed = timed.ToDictionary(v => v, _ => TimeSpan.Zero);
        for (var r = 0; r < rounds; r++)
        {
            foreach (var variant in timed)
            {
                var clock = Stopwatch.StartNew();
                inputs.ForEach(input => variant.Run(input));
                elapsed[variant] += clock.Elapsed;
            }
        }

        var baseline = timed.FirstOrDefault();
        var plainStatic = timed.FirstOrDefault(v => v.Name == "static shape");
        foreach (var variant in timed)
        {
            var ms = elapsed[variant].TotalMilliseconds / Math.Max(1, rounds * inputs.Count);
            var differences = outputs[baseline!].Zip(outputs[variant], (a, b) => OutputDifference.OfTopK(a.Classes, a.Probabilities, b.Classes, b.Probabilities)).ToList();
            var compared = ReferenceEquals(variant, baseline) ? "(the reference)"
                : $"best class agrees on {100 * differences.Min(d => d.Agreement):F2} % of decided steps at worst; best probability differs by {differences.Max(d => d.Max):E2} at most";
            if (plainStatic is not null && variant.Name.StartsWith("static +", StringComparison.Ordinal))
            {
                // Binding and replay run the static model's own kernels: its outputs, bit for bit.
                var same = outputs[plainStatic].Zip(outputs[variant]).All(p => p.First.Classes.SequenceEqual(p.Second.Classes) && p.First.Probabilities.SequenceEqual(p.Second.Probabilities));
                compared += same ? "; identical to the static session's" : "; NOT identical to the static session's";
            }

            Console.WriteLine($"{variant.Name,-36} {precision,-9} {batch,5} {ms,9:F2} {(rounds > 0 ? batch * 1000 / ms : double.NaN),8:F0}  {compared}");
        }
    }

    /// <summary>Runs a recognizer batch as the engine does: the input copied into a pooled array, the scores copied out.</summary>
    internal static (long[] Classes, float[] Probabilities) RunPlain(InferenceSession session, float[] input, long[] shape)
    {
        var pooled = ArrayPool<float>.Shared.Rent(input.Length);
        try
        {
            input.CopyTo(pooled, 0);
            using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pooled.AsMemory(0, input.Length), shape);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [session.InputNames[0]], [tensor], OutputNames);
            return (results[0].GetTensorDataAsSpan<long>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pooled);
        }
    }

    // One way to run the recognizer: write the batch into its input, run, copy each output out, as the engine does.
    private sealed class Variant(string name, Func<float[], (long[] Classes, float[] Probabilities)> run, IDisposable owner) : IDisposable
    {
        public string Name => name;

        public static Variant Plain(string name, InferenceSession session, long[] shape) => new(name, input => RunPlain(session, input, shape), session);

        public static Variant Bound(string name, BoundSession session) =>
            new(name, input => session.Run(buffer => input.CopyTo(buffer), b => (b.Output<long>(0).ToArray(), b.Output<float>(1).ToArray())), session);

        public (long[] Classes, float[] Probabilities) Run(float[] input) => run(input);

        public void Dispose() => owner.Dispose();
    }
}
