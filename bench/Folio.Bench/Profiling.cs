using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Bench;

/// <summary>
/// ONNX Runtime's own profile of one model on one input shape, summed by operator type.
/// Usage: folio-bench profile MODEL.onnx N C H W [threads] [cuda [nhwc]]
/// </summary>
internal static class Profiling
{
    public static void Run(string[] args)
    {
        var model = args[1];
        var shape = args[2..6].Select(long.Parse).ToArray();
        var threads = args.Length > 6 ? int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture) : 1;
        using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (args.Length > 7 && args[7] == "cuda")
        {
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(new Dictionary<string, string> { ["cudnn_conv_algo_search"] = "HEURISTIC", ["prefer_nhwc"] = args.Length > 8 && args[8] == "nhwc" ? "1" : "0" });
            options.AppendExecutionProvider_CUDA(cuda);
        }

        options.EnableProfiling = true;
        options.ProfileOutputPathPrefix = Path.Combine(Path.GetTempPath(), "folio-profile");
        using var session = new InferenceSession(model, options);
        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        using var tensor = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var run = new RunOptions();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            using var outputs = session.Run(run, session.InputNames, [tensor], session.OutputNames);
            Console.WriteLine($"run {i}: {clock.Elapsed.TotalMilliseconds:F1} ms");
            clock.Restart();
        }

        var file = session.EndProfiling();
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var byOp = new Dictionary<string, double>();
        double total = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (e.GetProperty("cat").GetString() == "Node" && e.TryGetProperty("args", out var a) && a.TryGetProperty("op_name", out var op))
            {
                var us = e.GetProperty("dur").GetDouble();
                var provider = a.TryGetProperty("provider", out var p) ? p.GetString() : "?";
                var key = $"{op.GetString()} [{provider}]";
                byOp[key] = byOp.GetValueOrDefault(key) + us;
                total += us;
            }
        }

        foreach (var (op, us) in byOp.OrderByDescending(kv => kv.Value).Take(20))
        {
            Console.WriteLine($"{op,-40} {us / 5000,8:F1} ms/run {100 * us / total,5:F1} %");
        }

        Console.WriteLine($"{"total",-40} {total / 5000,8:F1} ms/run");
        File.Delete(file);
    }
}
