using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Bench;

/// <summary>
/// ONNX Runtime CPU session options compared on the recognizer and the detector at the shapes a dense 150-dpi page
/// gives them, one thread each (how the engine runs on CPU): graph optimisation level, memory arena, memory
/// pattern. Runs are interleaved and the best of N is kept, so background load hits every setting alike.
/// Usage: folio-bench sessions [runs=8]
/// </summary>
internal static class SessionOptionsBench
{
    public static void Run(string[] args, string models)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        (string Model, long[] Shape)[] cases =
        [
            ("ch_PP-OCRv4_rec_infer.onnx", [1, 3, 48, 1024]),
            ("ch_PP-OCRv4_det_infer.onnx", [1, 3, 960, 736]),
        ];
        (string Name, Action<SessionOptions> Apply)[] settings =
        [
            ("all optimisations, arena, pattern (engine)", _ => { }),
            ("extended optimisations", o => o.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED),
            ("basic optimisations", o => o.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC),
            ("no memory arena", o => o.EnableCpuMemArena = false),
            ("no memory pattern", o => o.EnableMemoryPattern = false),
        ];
        Console.WriteLine($"machine: {Machine.Describe()}; best of {runs} interleaved runs, 1 thread");
        foreach (var (model, shape) in cases)
        {
            var sessions = settings.Select(s =>
            {
                var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
                s.Apply(options);
                return new InferenceSession(Path.Combine(models, model), options);
            }).ToArray();
            var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
            new Random(3).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (data[i] % 2f) is var v && float.IsFinite(v) ? v : 0f;
            }

            using var tensor = OrtValue.CreateTensorValueFromMemory(data, shape);
            using var runOptions = new RunOptions();
            var best = Enumerable.Repeat(double.MaxValue, sessions.Length).ToArray();
            for (var r = 0; r <= runs; r++)
            {
                for (var s = 0; s < sessions.Length; s++)
                {
                    var clock = Stopwatch.StartNew();
                    using var outputs = sessions[s].Run(runOptions, sessions[s].InputNames, [tensor], sessions[s].OutputNames);
                    if (r > 0)
                    {
                        best[s] = Math.Min(best[s], clock.Elapsed.TotalMilliseconds);
                    }
                }
            }

            Console.WriteLine($"{model} [{string.Join(", ", shape)}]");
            for (var s = 0; s < sessions.Length; s++)
            {
                Console.WriteLine($"  {settings[s].Name,-44} {best[s],8:F1} ms  {best[s] / best[0],5:F2}×");
                sessions[s].Dispose();
            }
        }
    }
}
