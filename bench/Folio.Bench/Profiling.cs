using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Bench;

/// <summary>
/// ONNX Runtime's own profile of one model on one input shape, summed by operator type.
/// Usage: folio-bench profile MODEL.onnx N C H W [threads] [cuda [nhwc]]. The model is profiled as the engine loads it
/// (hard-swish fused, scale and shift folded); FOLIO_PROFILE_MODEL=published profiles the file as published, =fused
/// with the hard-swish fused only.
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
        var form = Environment.GetEnvironmentVariable("FOLIO_PROFILE_MODEL") ?? "folded";
        if (form is not ("published" or "fused" or "folded"))
        {
            throw new ArgumentException($"FOLIO_PROFILE_MODEL is published, fused or folded, not '{form}'.");
        }

        // The edits depend on the device (on the CPU the shifts left become normalisations), so the factory is on the profiled one.
        var device = args.Length > 7 && args[7] == "cuda" ? Folio.Ocr.DeviceChoice.Cuda : Folio.Ocr.DeviceChoice.Cpu;
        using var session = form == "published"
            ? new InferenceSession(model, options)
            : new InferenceSession(new Folio.Ocr.Runtime.SessionFactory(new Folio.Ocr.OcrEngineOptions { Device = device, FoldScaleShift = form == "folded" }).ModelBytes(model), options);
        Console.WriteLine($"{Path.GetFileName(model)} {form}, input {string.Join('×', shape)}, {threads} thread(s)");
        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        using var tensor = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var run = new RunOptions();
        const int Runs = 6; // the first is the warm-up: its nodes count in the profile below, its time not in the best run
        var best = double.MaxValue;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            using var outputs = session.Run(run, session.InputNames, [tensor], session.OutputNames);
            Console.WriteLine($"run {i}: {clock.Elapsed.TotalMilliseconds:F1} ms");
            best = i > 0 ? Math.Min(best, clock.Elapsed.TotalMilliseconds) : best;
            clock.Restart();
        }

        Console.WriteLine($"best run after the warm-up: {best:F1} ms");

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
            Console.WriteLine($"{op,-40} {us / (1000.0 * Runs),8:F1} ms/run {100 * us / total,5:F1} %");
        }

        Console.WriteLine($"{"total",-40} {total / (1000.0 * Runs),8:F1} ms/run");
        File.Delete(file);
    }
}
